"""The job queue as production runs it: procrastinate's worker (core/jobs.py) on PostgreSQL,
webhook receivers on loopback. One merchant's flood of deliveries holds at most its share of
the worker's slots, so another merchant's event is delivered while the flood still waits."""

from collections import Counter

from sqlalchemy import select

from core.db import db
from core.events.models import WebhookDelivery
from tests.support.job_queue import HeldReceiver, queue_worker
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
