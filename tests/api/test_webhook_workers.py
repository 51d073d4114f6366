"""The worker: crashes lose nothing, several workers never deliver one event twice, and it
stops cleanly on SIGTERM. Receivers are real HTTP servers on loopback."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.cli.worker import Worker
from core.db import db
from core.events import delivery
from core.events.models import WebhookDelivery
from core.unit_of_work import UnitOfWork
from tests.support.referrals import enroll
from tests.support.webhooks import Receiver, add_endpoint, deliver, emit_events, wait_for
from tests.threads import join_all

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def receiver():
    started = []

    def start(answer=lambda n: 200) -> Receiver:
        started.append(Receiver(answer))
        return started[-1]

    yield start
    for running in started:
        running.close()


def statuses(app) -> Counter:
    with app.app_context():
        return Counter(db.session.scalars(select(WebhookDelivery.status)))


def test_a_worker_that_dies_after_claiming_loses_nothing(app, client, clock, merchant,
                                                         receiver):
    hooks = receiver()
    add_endpoint(client, merchant, hooks.url)
    enroll(client, merchant)
    with app.app_context():  # claimed and committed, then the worker "crashes" before the POST
        (claimed,) = delivery.claim_due(UnitOfWork(db.session), now=clock.now(), limit=10,
                                        credentials_secrets=app.config["CREDENTIALS_SECRETS"])
        db.session.remove()
    assert deliver(app) == 0  # leased: nobody takes it while the lease runs
    clock.advance(seconds=delivery.lease_for(10).total_seconds() + 1)
    assert deliver(app) == 1
    assert [json.loads(body)["id"] for _, body in hooks.requests] == [claimed.event_id]
    assert statuses(app) == {"succeeded": 1}


def claim_one(app, clock) -> delivery.Claimed:
    with app.app_context():
        try:
            (claimed,) = delivery.claim_due(
                UnitOfWork(db.session), now=clock.now(), limit=10,
                credentials_secrets=app.config["CREDENTIALS_SECRETS"])
            return claimed
        finally:
            db.session.remove()


def record(app, claimed, response, clock) -> bool:
    with app.app_context():
        try:
            recorded = delivery.record(db.session, claimed=claimed, response=response,
                                       now=clock.now())
            db.session.commit()
            return recorded
        finally:
            db.session.remove()


def only_delivery(app) -> WebhookDelivery:
    with app.app_context():
        (row,) = db.session.scalars(select(WebhookDelivery)).all()
        db.session.expunge(row)
        return row


FAILED = delivery.Response(status_code=500, latency_ms=10_000, snippet="late", error=None)
SUCCEEDED = delivery.Response(status_code=200, latency_ms=5, snippet="ok", error=None)


def test_a_stale_worker_cannot_overwrite_the_newer_attempt(app, client, clock, merchant):
    """Worker A claims, stalls past its lease; worker B claims the row again and succeeds.
    A's late failure must not turn B's success into a failed attempt (nor count an attempt)."""
    add_endpoint(client, merchant, "http://127.0.0.1:9/hooks")
    enroll(client, merchant)
    stale = claim_one(app, clock)
    clock.advance(seconds=delivery.lease_for(10).total_seconds() + 1)
    fresh = claim_one(app, clock)
    assert fresh.lease_token != stale.lease_token
    assert record(app, stale, FAILED, clock) is False  # before B records: still B's lease
    assert record(app, fresh, SUCCEEDED, clock) is True
    assert record(app, stale, FAILED, clock) is False  # after: B's result stands
    assert record(app, fresh, FAILED, clock) is False  # a token records once
    row = only_delivery(app)
    assert (row.status, row.attempts, row.last_status_code) == ("succeeded", 1, 200)
    assert [attempt.status_code for attempt in row.history] == [200]


def test_a_stale_result_racing_a_new_claim_records_nothing(app, client, clock, merchant,
                                                          on_postgres):
    """On PostgreSQL: A's lease has run out and B is claiming the row (locked, not committed
    yet) just as A comes back with its result. A's record waits for B's lock; when B commits
    its new lease token, A's token no longer matches and A writes nothing."""
    add_endpoint(client, merchant, "http://127.0.0.1:9/hooks")
    enroll(client, merchant)
    stale = claim_one(app, clock)
    clock.advance(seconds=delivery.lease_for(10).total_seconds() + 1)
    locked, commit = threading.Event(), threading.Event()
    claims = []

    def claim_slowly():
        with app.app_context():
            claims.extend(delivery.lease_due(
                db.session, now=clock.now(), limit=10,
                credentials_secrets=app.config["CREDENTIALS_SECRETS"]))
            db.session.flush()
            locked.set()
            commit.wait(10)
            db.session.commit()
            db.session.remove()

    results = []
    b = threading.Thread(target=claim_slowly)
    b.start()
    assert locked.wait(10)
    a = threading.Thread(target=lambda: results.append(record(app, stale, FAILED, clock)))
    a.start()
    a.join(0.5)
    assert a.is_alive()  # waiting for B's row lock
    commit.set()
    join_all([b, a], 10)
    assert results == [False] and len(claims) == 1
    row = only_delivery(app)
    assert (row.status, row.attempts, row.lease_token) == ("pending", 0, claims[0].lease_token)
    assert record(app, claims[0], SUCCEEDED, clock) is True


def test_a_worker_killed_mid_delivery_loses_nothing(app, client, clock, merchant, receiver,
                                                    test_database_url):
    """A real `goodword worker` process, SIGKILLed while the receiver holds its POST open;
    after the lease runs out the event is delivered by the next worker. The receiver sees it
    twice (at least once): the killed worker's POST arrived, its success was never recorded."""
    arrived = threading.Event()

    def hold_the_first(n: int) -> int:
        if n == 1:
            arrived.set()
            time.sleep(3)
        return 200

    hooks = receiver(hold_the_first)
    add_endpoint(client, merchant, hooks.url)
    enroll(client, merchant)
    env = {**os.environ, "DATABASE_URL": test_database_url, "GOODWORD_ENV": "test"}
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi:app", "worker"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert arrived.wait(30), "the worker never POSTed"
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    assert statuses(app) == {"pending": 1}  # claimed, never recorded
    # The killed worker leased on the real clock, a few seconds after this test's clock.
    clock.advance(seconds=delivery.lease_for(10).total_seconds() + 60)
    assert deliver(app) == 1
    assert statuses(app) == {"succeeded": 1}
    assert len(hooks.requests) == 2
    assert len({json.loads(body)["id"] for _, body in hooks.requests}) == 1


def test_sigterm_lets_the_worker_finish_and_exit(app, client, merchant, receiver,
                                                 test_database_url):
    hooks = receiver()
    add_endpoint(client, merchant, hooks.url)
    enroll(client, merchant)
    env = {**os.environ, "DATABASE_URL": test_database_url, "GOODWORD_ENV": "test"}
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi:app", "worker"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while statuses(app) != {"succeeded": 1} and time.monotonic() < deadline:
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert process.returncode == 0
    assert b"worker stopped" in out
    assert len(hooks.requests) == 1


def test_two_workers_deliver_every_event_once(app, client, merchant, receiver, on_postgres):
    """Two workers (threads, each with its own app context and connection) share 1,000 events
    through FOR UPDATE SKIP LOCKED: every event arrives exactly once.

    What "at least once" means here: no worker dies in this test, so no event may be repeated.
    Across crashes a receiver can see an event twice — a worker killed after its POST and before
    recording the answer leaves the delivery pending, and when the lease runs out another
    worker sends it again (test_a_worker_killed_mid_delivery_loses_nothing shows exactly that).
    Receivers de-duplicate on the event id."""
    hooks = receiver()
    add_endpoint(client, merchant, hooks.url)
    emit_events(app, merchant.id, 1000)
    workers = [Worker(app, batch=50, idle_seconds=0.01) for _ in range(2)]
    for worker in workers:  # as many in flight on the one endpoint as both workers can take
        worker.deliveries.settings = replace(worker.deliveries.settings, per_endpoint=100)
    threads = [threading.Thread(target=worker.run) for worker in workers]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: len(hooks.requests) >= 1000
                 and statuses(app) == {"succeeded": 1000}, 300)
    finally:
        for worker in workers:
            worker.stop()
        join_all(threads, 60)
    ids = Counter(json.loads(body)["id"] for _, body in hooks.requests)
    assert len(ids) == 1000 and set(ids.values()) == {1}
    assert statuses(app) == {"succeeded": 1000}
    done = [worker.deliveries.recorded for worker in workers]
    assert sum(done) == 1000 and all(done)


def test_the_worker_runs_the_scheduled_jobs(app, client, clock, merchant):
    from tests.support.orders import balance, make_rule, order
    from tests.support.referrals import sign_up
    ana = enroll(client, merchant)
    sign_up(client, merchant, code=ana["code"], referee_external_id="cus_ben")
    make_rule(client, merchant)
    order(client, merchant, amount=10_000)
    clock.advance(days=15)
    Worker(app).run_once()
    assert balance(client, merchant, ana["id"])["available"] == 100
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


def test_recording_while_the_endpoint_is_disabled_waits_instead_of_deadlocking(
        app, client, clock, merchant, on_postgres):
    """Disabling an endpoint locks its row, then its pending deliveries. A worker recording a
    result for one of those deliveries takes the same order, so it waits for the disable to
    commit; in the opposite order (delivery, then endpoint) PostgreSQL finds a deadlock and
    aborts one of the two."""
    from core.events.endpoints import disable
    from core.events.models import WebhookEndpoint
    endpoint = add_endpoint(client, merchant, "http://127.0.0.1:9/hooks")
    enroll(client, merchant)
    claimed = claim_one(app, clock)
    endpoint_locked, go_on = threading.Event(), threading.Event()
    failures, recorded = [], []

    def disable_slowly():
        with app.app_context():
            try:
                row = db.session.get(WebhookEndpoint, endpoint["id"])
                db.session.refresh(row, with_for_update=True)
                endpoint_locked.set()
                go_on.wait(10)
                disable(db.session, endpoint=row, reason="disabled by the merchant")
                db.session.commit()
            except Exception as error:
                failures.append(error)
            finally:
                db.session.remove()

    def record_result():
        try:
            recorded.append(record(app, claimed, FAILED, clock))
        except Exception as error:
            failures.append(error)

    disabling = threading.Thread(target=disable_slowly)
    disabling.start()
    assert endpoint_locked.wait(10)
    recording = threading.Thread(target=record_result)
    recording.start()
    recording.join(0.5)
    assert recording.is_alive()  # waiting for the endpoint
    go_on.set()
    join_all([disabling, recording], 20)
    assert failures == [] and recorded == [True]
    row = only_delivery(app)
    assert (row.status, row.attempts) == ("disabled", 1)
