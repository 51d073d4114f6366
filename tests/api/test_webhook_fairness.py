"""Fair delivery: one merchant's trickling receiver and backlog do not hold up another
merchant's events, one endpoint never has more than its share of POSTs in flight across
workers, and redelivery is rate limited per merchant. Receivers are real sockets on loopback;
the workers run on PostgreSQL, as in production."""

import threading
import time
from dataclasses import replace

import pytest
import sqlalchemy.event

from api.cli.worker import Worker
from core.db import db
from core.events import delivery
from tests.threads import join_all

from .test_errors import error_of
from .test_referrals import enroll
from .test_webhook_deadline import SLOW_ANSWER
from .test_webhook_workers import emit_events, wait_for
from .trickle_support import TricklingReceiver
from .webhook_support import Receiver, add_endpoint, deliver

DEADLINE = 5.0
PER_ENDPOINT = 2


class TimedReceiver(Receiver):
    """A receiver that notes when each POST arrived (time.monotonic())."""

    def __init__(self):
        self.arrived: list[float] = []
        super().__init__(lambda n: self.arrived.append(time.monotonic()) or 200)


@pytest.fixture
def workers(app):
    """Start `count` worker loops in threads; stopped (POSTs in flight finished) at the end."""
    running: list[tuple[Worker, threading.Thread]] = []

    def start(count: int = 1, deadline: float = DEADLINE) -> list[Worker]:
        for _ in range(count):
            worker = Worker(app, batch=8, idle_seconds=0.05, jobs_every=3600)
            worker.deliveries.settings = replace(worker.deliveries.settings,
                                                 deadline_seconds=deadline,
                                                 per_endpoint=PER_ENDPOINT)
            thread = threading.Thread(target=worker.run)
            running.append((worker, thread))
            thread.start()
        return [worker for worker, _ in running[-count:]]

    yield start
    for worker, _ in running:
        worker.stop()
    join_all([thread for _, thread in running], 60)


@pytest.fixture
def slow_and_timed():
    slow, timed = TricklingReceiver(SLOW_ANSWER, every=1.0), TimedReceiver()
    yield slow, timed
    slow.close()
    timed.close()


def test_a_trickling_receivers_backlog_does_not_delay_another_merchant(
        app, client, merchant, make_merchant, workers, slow_and_timed, on_postgres):
    """Merchant A's receiver answers one byte a second (a minute per POST) and A has 20 events
    queued before B's 5. B's events all arrive while A's first POSTs are still trickling:
    at that moment A's receiver has had at most two rounds of POSTs, never more than
    PER_ENDPOINT at once. (Before, a batch of A's events held every worker slot and B waited
    behind the whole batch: 58 s late in the issue.)"""
    slow, timed = slow_and_timed
    globex = make_merchant("Globex")
    add_endpoint(client, merchant, slow.url)
    add_endpoint(client, globex, timed.url)
    emit_events(app, merchant.id, 20)
    emit_events(app, globex.id, 5)
    started = time.monotonic()
    workers(1)
    wait_for(lambda: len(timed.arrived) == 5, 120)
    # B's next events, emitted while A's POSTs are open and its backlog waits, get through
    # as well, without waiting for A's POSTs to reach their deadline.
    emitted = time.monotonic()
    emit_events(app, globex.id, 5)
    wait_for(lambda: len(timed.arrived) == 10, 120)
    seen_by_a = slow.requests
    assert seen_by_a <= 2 * PER_ENDPOINT
    assert slow.most_arrived_within(DEADLINE / 2) <= PER_ENDPOINT
    print(f"\nB's first 5 arrived {max(timed.arrived[:5]) - started:.2f} s after the worker "
          f"started; the next 5 {max(timed.arrived[5:]) - emitted:.2f} s after emission; "
          f"A's receiver had seen {seen_by_a} POSTs")


def test_workers_together_keep_one_endpoint_to_its_share(app, client, merchant, workers,
                                                    slow_and_timed, on_postgres):
    """The in-flight count is per endpoint across workers: four workers with free slots never
    have more than PER_ENDPOINT POSTs open to A's receiver at once. A round of POSTs starts
    only when the last one reached its deadline, so POSTs arriving within half a deadline of
    each other are POSTs open at the same time."""
    slow, _ = slow_and_timed
    add_endpoint(client, merchant, slow.url)
    emit_events(app, merchant.id, 12)
    workers(4, deadline=2.0)
    wait_for(lambda: slow.requests >= 6 * PER_ENDPOINT, 120)  # six rounds of deadlines
    assert slow.most_arrived_within(2.0 / 2) == PER_ENDPOINT


def test_redelivery_is_rate_limited_per_merchant(app, client, merchant, make_merchant,
                                                 monkeypatch):
    """One allowance per merchant, shared by both redelivery routes; another merchant's is
    untouched."""
    monkeypatch.setitem(app.config, "REDELIVERY_RATE_LIMIT", "3 per minute")
    hooks = Receiver()
    try:
        globex = make_merchant("Globex")
        endpoints = {m.id: add_endpoint(client, m, hooks.url) for m in (merchant, globex)}
        events = {m.id: (enroll(client, m), deliver(app))[0] for m in (merchant, globex)}

        def redeliver_event(m):
            event = client.get("/v1/events", headers=m.headers()).get_json()["data"][0]
            return client.post(f"/v1/events/{event['id']}/redeliver", json={},
                               headers=m.headers())

        def redeliver_delivery(m):
            endpoint = endpoints[m.id]["id"]
            (logged,) = client.get(f"/v1/webhook_endpoints/{endpoint}/deliveries?limit=1",
                                   headers=m.headers()).get_json()["data"]
            return client.post(
                f"/v1/webhook_endpoints/{endpoint}/deliveries/{logged['id']}/redeliver",
                json={}, headers=m.headers())

        codes = [redeliver_event(merchant).status_code, redeliver_delivery(merchant).status_code,
                 redeliver_event(merchant).status_code]
        assert codes == [201, 201, 201]
        for limited in (redeliver_event(merchant), redeliver_delivery(merchant)):
            assert limited.status_code == 429
            assert error_of(limited)["code"] == "rate_limited"
            assert int(limited.headers["Retry-After"]) > 0
        assert redeliver_event(globex).status_code == 201
        assert len(events) == 2
    finally:
        hooks.close()


def test_a_claim_in_progress_keeps_other_workers_off_its_endpoint(app, client, clock, merchant,
                                                                   on_postgres):
    """Worker A counts the endpoint's POSTs in flight while worker B's claim of both slots is
    not committed yet (0 in flight, as A sees it); B commits before A picks its rows. Without
    the endpoint's row lock A would then take two more rows (B's are no longer due): four in
    flight. With it A skips the endpoint, and after B commits it is full for everyone."""
    add_endpoint(client, merchant, "http://127.0.0.1:9/hooks")
    emit_events(app, merchant.id, 6)
    b_locked, a_counted, b_committed = (threading.Event() for _ in range(3))
    claims: dict[str, list[delivery.Claimed]] = {}

    def claim(**options) -> list[delivery.Claimed]:
        return delivery.lease_due(db.session, now=clock.now(), limit=10, per_endpoint=2,
                                  credentials_secrets=app.config["CREDENTIALS_SECRETS"],
                                  **options)

    def claim_b():
        with app.app_context():
            claims["b"] = claim()
            db.session.flush()
            b_locked.set()
            a_counted.wait(10)
            db.session.commit()
            db.session.remove()
            b_committed.set()

    def claim_a():
        with app.app_context():
            claims["a"] = claim()
            db.session.commit()
            db.session.remove()

    def pause_a_before_picking_rows(conn, cursor, statement, *args):
        if threading.current_thread() is a and "row_number" in statement:
            a_counted.set()
            b_committed.wait(10)

    b, a = threading.Thread(target=claim_b), threading.Thread(target=claim_a)
    with app.app_context():
        engine = db.engine
    sqlalchemy.event.listen(engine, "before_cursor_execute", pause_a_before_picking_rows)
    try:
        b.start()
        assert b_locked.wait(10)
        a.start()
        join_all([b, a], 20)
    finally:
        sqlalchemy.event.remove(engine, "before_cursor_execute", pause_a_before_picking_rows)
    assert (len(claims["b"]), claims["a"]) == (2, [])
    with app.app_context():
        assert claim() == []
        db.session.rollback()
        db.session.remove()


def test_one_endpoints_deliveries_can_be_sent_alone(app, client, merchant, make_merchant):
    """What a job queued per endpoint would call: only that endpoint's due deliveries go."""
    first, second = Receiver(), Receiver()
    try:
        globex = make_merchant("Globex")
        add_endpoint(client, merchant, first.url)
        wanted = add_endpoint(client, globex, second.url)
        emit_events(app, merchant.id, 2)
        emit_events(app, globex.id, 2)
        assert deliver(app, endpoint_id=wanted["id"]) == 2
        assert (len(first.requests), len(second.requests)) == (0, 2)
    finally:
        first.close()
        second.close()
