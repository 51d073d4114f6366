"""The job queue as production runs it: procrastinate's worker (core/jobs.py) on PostgreSQL,
webhook receivers on loopback. One merchant's flood of deliveries holds at most its share of
the worker's slots, so another merchant's event is delivered while the flood still waits; a
job that raises is retried with backoff while the others run."""

from collections import Counter

from sqlalchemy import select, text

from core import jobs
from core.db import db
from core.events.models import WebhookDelivery
from referrals.signups import scheduled as review_reminders
from rewards.earning import maturation
from tests.support.job_queue import HeldReceiver, deferring, queue_worker
from tests.support.orders import balance
from tests.support.referrals import enroll
from tests.support.rewards import create_rule
from tests.support.webhooks import Receiver, add_endpoint, emit_events, wait_for

FLOOD = 100  # events: one delivery per endpoint each


def statuses(app, merchant_id: str) -> Counter:
    with app.app_context():
        try:
            return Counter(db.session.scalars(select(WebhookDelivery.status).where(
                WebhookDelivery.merchant_id == merchant_id)))
        finally:
            db.session.remove()


def test_a_merchants_flood_does_not_stall_another_merchants_delivery(
        app, client, make_merchant, monkeypatch, on_postgres):
    # Acme's receiver holds every POST open until released (well inside the deadline): without
    # a cap its jobs would take every slot of the worker and keep them.
    monkeypatch.setitem(app.config, "WEBHOOK_DEADLINE_SECONDS", 150.0)
    monkeypatch.setitem(app.config, "WORKER_PER_MERCHANT", 2)
    acme, beta = make_merchant("Acme"), make_merchant("Beta")
    held, quick = HeldReceiver(), Receiver()
    try:
        for n in range(4):
            add_endpoint(client, acme, held.url(f"acme-{n}"))
        add_endpoint(client, beta, quick.url)
        emit_events(app, acme.id, FLOOD)
        with queue_worker(app, concurrency=4):
            try:
                wait_for(held.holding, 60)  # Acme's jobs are running, and stuck
                emit_events(app, beta.id, 1)
                wait_for(lambda: len(quick.requests) == 1, 60)
                # Beta's event went out while Acme's flood was held up and mostly waiting,
                # and Acme never had more of its endpoints' jobs running than its cap.
                assert held.holding()
                assert held.answered == []
                assert statuses(app, acme.id)["pending"] == 4 * FLOOD
                assert 1 <= len(held.most_held) <= 2
            finally:
                held.release.set()
            wait_for(lambda: statuses(app, acme.id) == {"succeeded": 4 * FLOOD}, 180)
        assert statuses(app, beta.id) == {"succeeded": 1}
    finally:
        held.close()
        quick.close()


def test_a_failing_job_is_retried_and_the_job_beside_it_goes_on(
        app, client, merchant, monkeypatch, on_postgres):
    """Maturation raises on its first run: the review reminders deferred with it run at once,
    and maturation is run again after its backoff (4 s) and makes the points spendable."""
    client.patch("/v1/merchant", json={"hold_days": 0}, headers=merchant.headers())
    create_rule(client, merchant, trigger="member.joined", name="Welcome", beneficiary="customer",
                reward={"type": "fixed_points", "value": 50})
    ana = enroll(client, merchant, external_id="cus_ana")
    assert balance(client, merchant, ana["id"])["pending"] == 50
    batches: dict[str, list] = {"maturation": [], "reminders": []}
    mature_due, remind_due = maturation.mature_due, review_reminders.remind_due

    def broken_once(session, *, now):
        if not batches["maturation"]:
            batches["maturation"].append("raised")
            raise RuntimeError("maturation broke")
        batches["maturation"].append(mature_due(session, now=now))
        return batches["maturation"][-1]

    def counted(session, *, now):
        batches["reminders"].append(remind_due(session, now=now))
        return batches["reminders"][-1]

    monkeypatch.setattr("rewards.earning.jobs.maturation.mature_due", broken_once)
    monkeypatch.setattr("referrals.signups.jobs.review_reminders.remind_due", counted)
    # Only the runs deferred here: no schedule's tick adds one of its own.
    monkeypatch.setattr(jobs.app.periodic_registry, "periodic_tasks", {})
    with queue_worker(app, concurrency=2), deferring(app) as defer:
        defer("rewards.mature", timestamp=0)
        defer("referrals.remind_reviews", timestamp=0)
        wait_for(lambda: balance(client, merchant, ana["id"])["available"] == 50, 60)
    # One deferral each: maturation's first run raised and its retry matured the lot (then
    # found no more); the reminders' one run went ahead meanwhile, with nothing to remind.
    assert batches == {"maturation": ["raised", 1, 0], "reminders": [0]}


def test_two_workers_run_each_period_of_a_scheduled_job_once(app, monkeypatch, on_postgres):
    """A job scheduled every second, two workers each deferring its periods: every period is
    run, once, however the two workers' ticks fall."""
    monkeypatch.setattr(jobs, "SCHEDULED", {})
    monkeypatch.setattr(jobs.app, "tasks", dict(jobs.app.tasks))
    monkeypatch.setattr(jobs.app.periodic_registry, "periodic_tasks", {})
    runs = []

    @jobs.scheduled(name="tests.every_second", cron="* * * * * *")
    def every_second(unit, environment):
        runs.append(1)

    with queue_worker(app, concurrency=2, workers=2, delete_jobs="never"):
        wait_for(lambda: len(runs) >= 4, 60)
    with app.app_context():
        try:
            periods = db.session.execute(text(
                "SELECT args->>'timestamp', status FROM procrastinate_jobs "
                "WHERE task_name = 'tests.every_second'")).all()
        finally:
            db.session.remove()
    assert len({timestamp for timestamp, _ in periods}) == len(periods) == len(runs)
    assert {status for _, status in periods} == {"succeeded"}
