"""The bank check (after Jepsen's): many clients at once against the real server on loopback,
on PostgreSQL, run a random mix of orders, refunds (partial, full, repeated, too large),
Stripe webhooks (duplicated, at the same time, refunds before payments, totals out of order),
referrals, redemptions (store credit and Stripe payouts) and balance reads, while a worker
matures, expires and delivers webhooks and the clock moves on between rounds. Then the books
must balance, no balance is negative, every order earned exactly what the rules say after its
refunds, every redemption that succeeded is spent once, and every event reached the receiver.

The seed is printed; `BANK_CHECK_SEED=<seed> BANK_CHECK_ROUNDS=<rounds>` replays the same
operations (their interleaving is up to the machine). `BANK_CHECK_SECONDS` (default 20) is how
long the clients run when no round count is given: set it to 600 for ten minutes.
"""

import json
import os
import random
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import select

from api.cli.worker import Worker
from core.db import db
from core.events.models import Event, WebhookAttempt, WebhookDelivery
from referrals.promoters.models import Promoter
from rewards.ledger.models import MERCHANT_OWNER, Account, Reward
from rewards.orders.models import Order
from rewards.redemptions.models import Redemption
from tests.chaos.bank_clients import BankClient
from tests.chaos.bank_model import RULES, Observed, clawed_back, order_awards
from tests.chaos.http_support import Api, LiveServer, WorkerThread
from tests.support import stripe as stripe_support
from tests.support.webhooks import Receiver
from tests.threads import join_all

pytestmark = pytest.mark.postgres

CLIENTS = 6
REFERRERS = 5


def _settings() -> tuple[int, int | None, float]:
    seed = int(os.environ.get("BANK_CHECK_SEED") or random.SystemRandom().randrange(10**9))
    rounds = int(os.environ["BANK_CHECK_ROUNDS"]) if os.environ.get("BANK_CHECK_ROUNDS") else None
    return seed, rounds, float(os.environ.get("BANK_CHECK_SECONDS") or 40)


def test_the_books_hold_under_a_random_concurrent_mix(on_postgres, app, clock, merchant,
                                                       fake_stripe):
    seed, rounds, seconds = _settings()
    print(f"bank check: BANK_CHECK_SEED={seed}", flush=True)
    receiver = Receiver()
    receiver.server.socket.listen(128)  # two workers POST 8 at a time each: queue them all
    with LiveServer(app) as server:
        api = Api(server.url, merchant.secret, pause=lambda: time.sleep(0.1))
        setup = _set_up(api, merchant, receiver)
        observed = Observed()
        lock = threading.Lock()
        clients = [BankClient(n, seed=seed, api=api, merchant_id=merchant.id, clock=clock,
                              referrers=setup["referrers"], observed=observed, lock=lock)
                   for n in range(CLIENTS)]
        # Several workers, as production runs them: they share the queue and the jobs.
        with WorkerThread(app), WorkerThread(app):
            ran = _run_rounds(clients, clock, seed=seed, rounds=rounds, seconds=seconds)
        replay = f"BANK_CHECK_SEED={seed} BANK_CHECK_ROUNDS={ran}"
        print(f"bank check: {ran} rounds, {sum(c.operations for c in clients)} operations, "
              f"{len(api.unavailable)} answers 503 (retried); replay with {replay}")
        try:
            settle_started = time.monotonic()
            _settle(app, clock)
            print(f"bank check: settled in {time.monotonic() - settle_started:.1f} s")
            _check(app, api, merchant, setup, observed, receiver)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\nreplay: {replay}") from exc
        finally:
            receiver.close()


def _set_up(api: Api, merchant, receiver: Receiver) -> dict:
    assert api.call("PATCH", "/v1/merchant", {
        "hold_days": 3, "points_expiry_days": 20, "point_value": 2,
        "stripe_secret_key": stripe_support.SECRET_KEY,
        "stripe_webhook_secret": stripe_support.WEBHOOK_SECRET,
    }).status == 200
    # Every friend signs up with a promoter's code: many a day is the point of this test.
    # The books are under test, not the fraud checks: the clients' friends (cus_N@example.com,
    # one after another) look like a farm to the risk score, so nothing is held here.
    assert api.call("PATCH", "/v1/fraud_settings", {
        "velocity": "off", "review_score": 1000, "reject_score": 1000}).status == 200
    endpoint = api.call("POST", "/v1/webhook_endpoints",
                        {"url": receiver.url, "enabled_events": ["*"]})
    assert endpoint.status == 201, endpoint.body
    rule_ids = {}
    for rule in RULES:
        created = api.call("POST", "/v1/rules", rule)
        assert created.status == 201, created.body
        rule_ids[rule["name"]] = created.body["id"]
    referrers = []
    for n in range(REFERRERS):
        created = api.call("POST", "/v1/promoters", {"external_id": f"promoter-{n}",
                                                     "email": f"promoter{n}@example.com"})
        assert created.status == 201, created.body
        referrers.append({"id": created.body["id"], "code": created.body["code"]})
    return {"rule_ids": rule_ids, "referrers": referrers, "endpoint": endpoint.body["id"]}


def _run_rounds(clients, clock, *, seed, rounds, seconds) -> int:
    """Rounds of every client at once; between rounds the clock moves on (0 to 4 days), so
    rewards mature and expire under the worker while the next round refunds and redeems."""
    rng = random.Random(f"{seed}/clock")
    started = time.monotonic()
    ran = 0
    while (ran < rounds) if rounds is not None else (time.monotonic() - started < seconds):
        threads = [threading.Thread(target=client.run_round) for client in clients]
        for thread in threads:
            thread.start()
        join_all(threads, 300)
        clock.advance(hours=rng.randint(0, 96))
        ran += 1
    return ran


def _settle(app, clock) -> None:
    """With the workers stopped: let Stripe payouts left held finish, run the jobs once more,
    then deliver until every delivery has succeeded, time passing (a minute a step) when
    nothing is due, so that retries come due. Nothing makes new events meanwhile."""
    clock.advance(minutes=5)
    result = app.test_cli_runner().invoke(args=["retry-payouts"])
    assert result.exit_code == 0, result.output
    worker = Worker(app, batch=50)
    worker.run_jobs()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        with app.app_context():
            waiting = db.session.scalar(
                select(db.func.count()).select_from(WebhookDelivery)
                .where(WebhookDelivery.status != "succeeded"))
            failed = db.session.execute(
                select(WebhookAttempt.error, WebhookAttempt.status_code)
                .where(WebhookAttempt.succeeded.is_(False)).limit(3)).all()
            db.session.remove()
        if not waiting:
            if failed:
                print(f"bank check: some attempts failed and were retried, e.g. {failed}")
            return
        if not worker.deliver():
            clock.advance(minutes=1)
    raise AssertionError(f"{waiting} webhook deliveries still not delivered after 3 minutes; "
                         f"failed attempts, e.g. {failed}")


def _check(app, api: Api, merchant, setup, observed: Observed, receiver: Receiver) -> None:
    problems = list(observed.failures)
    report = api.get("/v1/ledger/trial_balance").body
    if not (report["balanced"] and report["lots_match_accounts"]):
        problems.append(f"the books do not balance: {report}")
    with app.app_context():
        problems += _negative_balances(merchant.id)
        problems += _orders_and_rewards(merchant.id, setup["rule_ids"], observed)
        problems += _referral_rewards(merchant.id, setup["rule_ids"], observed)
        problems += _redemptions(merchant.id, observed)
        problems += _deliveries(merchant.id, setup["endpoint"], receiver)
        db.session.remove()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def _negative_balances(merchant_id: str) -> list[str]:
    """Promoters' accounts never go below zero (debt never above), and nothing is left held
    once every Stripe payout has finished."""
    problems = []
    for a in db.session.scalars(select(Account).where(Account.merchant_id == merchant_id,
                                                      Account.owner != MERCHANT_OWNER)):
        negative = a.balance > 0 if a.kind == "debt" else a.balance < 0
        if negative or (a.kind == "held" and a.balance != 0):
            problems.append(f"account {a.owner} {a.kind} {a.unit} is {a.balance}")
    return problems


def _orders_and_rewards(merchant_id: str, rule_ids: dict, observed: Observed) -> list[str]:
    problems = []
    stored = {o.external_id: o for o in db.session.scalars(
        select(Order).where(Order.merchant_id == merchant_id))}
    if set(stored) != set(observed.orders):
        extra = sorted(set(stored) - set(observed.orders))[:5]
        missing = sorted(set(observed.orders) - set(stored))[:5]
        problems.append(f"orders stored but not expected {extra}, expected but missing {missing}")
    customers = {p.id: p.external_id for p in db.session.scalars(
        select(Promoter).where(Promoter.merchant_id == merchant_id))}
    lots: dict[str, list[Reward]] = {}
    for lot in db.session.scalars(select(Reward).where(Reward.merchant_id == merchant_id,
                                                       Reward.order_id.is_not(None))):
        lots.setdefault(lot.order_id, []).append(lot)
    first_orders: dict[str, int] = {}
    for external_id, expected in observed.orders.items():
        order = stored.get(external_id)
        if order is None:
            continue
        first_orders[order.customer_external_id] = (first_orders.get(order.customer_external_id,
                                                                     0) + order.first_order)
        seen = (order.customer_external_id, order.amount, order.promoter_id, order.refunded_amount)
        wanted = (expected.customer, expected.amount, expected.promoter, expected.refunded)
        if seen != wanted:
            problems.append(f"order {external_id}: (customer, amount, promoter, refunded) "
                            f"{seen} != {wanted}")
        awards = order_awards(expected, first_order=order.first_order, rule_ids=rule_ids)
        got = {(lot.rule_id, lot.beneficiary): lot for lot in lots.get(order.id, [])}
        if set(got) != set(awards) or len(got) != len(lots.get(order.id, [])):
            problems.append(f"order {external_id}: rewards from {sorted(got)} not {sorted(awards)}")
            continue
        for key, amount in awards.items():
            lot = got[key]
            beneficiary = expected.promoter if key[1] == "referrer" else None
            if (lot.amount, lot.refund_clawed) != (amount, clawed_back(amount, expected)):
                problems.append(f"order {external_id} rule {key}: earned {lot.amount}, clawed "
                                f"back {lot.refund_clawed}; the rules say {amount}, "
                                f"{clawed_back(amount, expected)}")
            owner_ok = (lot.promoter_id == beneficiary if beneficiary
                        else customers.get(lot.promoter_id) == expected.customer)
            if not owner_ok:
                problems.append(f"order {external_id} rule {key}: paid to {lot.promoter_id}")
    problems += [f"customer {customer} has {count} first orders"
                 for customer, count in first_orders.items() if count != 1]
    return problems


def _referral_rewards(merchant_id: str, rule_ids: dict, observed: Observed) -> list[str]:
    rule = rule_ids["50 points a friend"]
    paid = {}
    for lot in db.session.scalars(select(Reward).where(Reward.merchant_id == merchant_id,
                                                       Reward.cause_type == "referral")):
        paid.setdefault(lot.cause_id, []).append((lot.rule_id, lot.promoter_id, lot.amount))
    expected = {ref: [(rule, promoter, 50)] for ref, promoter in observed.referrals.items()}
    return [] if paid == expected else [
        f"referral rewards differ: {sorted(set(paid) ^ set(expected))[:5]} "
        f"{[(k, paid.get(k), expected.get(k)) for k in expected if paid.get(k) != expected[k]][:5]}"
    ]


def _redemptions(merchant_id: str, observed: Observed) -> list[str]:
    stored = {r.id: r for r in db.session.scalars(
        select(Redemption).where(Redemption.merchant_id == merchant_id))}
    problems = [f"redemption {rid} is {stored[rid].status}" for rid in observed.redemptions
                if rid in stored and stored[rid].status != "issued"]
    issued = {rid: r.amount for rid, r in stored.items() if r.status == "issued"}
    if issued != observed.redemptions:
        problems.append(f"issued redemptions {len(issued)} ({sum(issued.values())} points) != "
                        f"answered {len(observed.redemptions)} "
                        f"({sum(observed.redemptions.values())} points)")
    return problems


def _deliveries(merchant_id: str, endpoint_id: str, receiver: Receiver) -> list[str]:
    events = set(db.session.scalars(select(Event.id).where(Event.merchant_id == merchant_id)))
    delivered = set(db.session.scalars(
        select(WebhookDelivery.event_id).where(WebhookDelivery.endpoint_id == endpoint_id,
                                               WebhookDelivery.status == "succeeded")))
    with receiver.lock:
        received = {json.loads(body)["id"] for _, body in receiver.requests}
    problems = []
    if events - delivered:
        types = Counter(db.session.scalars(select(Event.type).where(
            Event.id.in_(sorted(events - delivered)[:500]))))
        problems.append(f"{len(events - delivered)} of {len(events)} events not delivered: "
                        f"{dict(types)}")
    if events - received or received - events:
        problems.append(f"receiver: {len(events - received)} events missing, "
                        f"{len(received - events)} unknown")
    if not events:
        problems.append("no events at all")
    return problems
