"""Findings of a review of the one order path (record_purchase -> create_order -> evaluate ->
grant_all -> ledger.post) after its speed rewrite. Each test states what a user would notice;
each failed before its fix."""

import json
import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import db
from core.merchants.models import Merchant
from referrals.promoters.models import Promoter
from referrals.purchases import service as purchases
from referrals.stripe import events as stripe_events
from rewards.earning import service as earning
from rewards.ledger import service as ledger
from rewards.orders import service as orders_service
from rewards.program.models import PromoterTier
from tests.threads import join_all

from .rewards_support import until_it_waits_for_a_lock
from .stripe_support import (
    charge_refunded,
    connect,
    deliver,
    event,
    payment_intent,
    signature_header,
)
from .test_orders import assert_books_balance, balance, make_rule, order
from .test_referrals import click, enroll, sign_up


def _credit_units(client, merchant, promoter_id) -> set[str]:
    """The store-credit currencies the promoter holds anything in."""
    balances = client.get(f"/v1/promoters/{promoter_id}/balance",
                          headers=merchant.headers()).get_json()["balances"]
    return {b["unit"] for b in balances if b["unit"] != "points"
            and any(b.get(kind) for kind in ("pending", "available"))}


def test_an_order_in_flight_never_issues_credit_in_a_currency_the_merchant_left(
        app, client, merchant, on_postgres):
    # A plain percent-of-order rule holds no amount in the currency: the change is allowed.
    make_rule(client, merchant, name="Ten percent",
              reward={"type": "percent_of_order", "value": 1000})
    ana = enroll(client, merchant)
    answers = []

    def buy() -> None:
        answers.append(order(app.test_client(), merchant, external_id="o-race", amount=100_00,
                             currency="USD", customer="cus_ben", code=ana["code"]))

    with app.app_context(), Session(db.engine) as holder:
        # Something holds Ana's row for a moment (a block being decided, say): the order has
        # read the merchant and waits for it before it records anything.
        holder.execute(select(Promoter.id).where(Promoter.id == ana["id"]).with_for_update())
        buying = threading.Thread(target=buy)
        buying.start()
        until_it_waits_for_a_lock(buying)
        changing = threading.Thread(target=lambda: answers.append(app.test_client().patch(
            "/v1/merchant", json={"currency": "EUR"}, headers=merchant.headers())))
        changing.start()
        # The change either goes through at once or waits for the order; either way, go on.
        until_it_waits_for_a_lock(changing, waiters=2)
        holder.commit()
        join_all([buying, changing], 30)
    placed = next(answer for answer in answers if answer.request.method == "POST")
    changed = next(answer for answer in answers if answer.request.method == "PATCH")
    assert placed.status_code == 201
    currency = client.get("/v1/merchant", headers=merchant.headers()).get_json()["currency"]
    # Either the change waited and was refused (credit was issued in USD), or the order saw EUR:
    # never USD credit on a merchant that now counts in EUR.
    assert changed.status_code == 409 or _credit_units(client, merchant, ana["id"]) <= {currency}



def test_a_currency_change_waits_for_an_order_that_has_already_read_the_currency(
        app, client, merchant, on_postgres, monkeypatch):
    """The other order of events: the order has evaluated its rules in USD and is posting its
    award when the change is asked. The change must wait for it, then see the USD credit."""
    make_rule(client, merchant, name="Ten percent",
              reward={"type": "percent_of_order", "value": 1000})
    ana = enroll(client, merchant)
    evaluated, go_on = threading.Event(), threading.Event()
    grant_all = earning.grant_all

    def grant_after_a_pause(*args, **kwargs):
        evaluated.set()  # the rules were evaluated, with the merchant as it was read
        go_on.wait(10)
        return grant_all(*args, **kwargs)

    monkeypatch.setattr(earning, "grant_all", grant_after_a_pause)
    answers = []
    buying = threading.Thread(target=lambda: answers.append(order(
        app.test_client(), merchant, external_id="o-race", amount=100_00, currency="USD",
        customer="cus_ben", code=ana["code"])))
    buying.start()
    assert evaluated.wait(10)
    changing = threading.Thread(target=lambda: answers.append(app.test_client().patch(
        "/v1/merchant", json={"currency": "EUR"}, headers=merchant.headers())))
    changing.start()
    with app.app_context():
        until_it_waits_for_a_lock(changing)
    go_on.set()
    join_all([buying, changing], 30)
    placed = next(answer for answer in answers if answer.request.method == "POST")
    changed = next(answer for answer in answers if answer.request.method == "PATCH")
    assert placed.status_code == 201
    assert changed.status_code == 409, changed.get_json()
    assert client.get("/v1/merchant", headers=merchant.headers()).get_json()["currency"] == "USD"
    assert _credit_units(client, merchant, ana["id"]) == {"USD"}


def test_erasing_a_buyer_while_their_order_is_recorded_does_not_deadlock(
        app, client, merchant, on_postgres):
    make_rule(client, merchant)
    ana = enroll(client, merchant)
    sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
            referee_external_id="cus_ben", referee_email="ben@example.com")
    ben = client.post("/v1/promoters", json={"external_id": "cus_ben"},
                      headers=merchant.headers()).get_json()
    answers = {}

    def buy() -> None:
        answers["order"] = order(app.test_client(), merchant, external_id="o-ben")

    def erase() -> None:
        answers["erase"] = app.test_client().delete(f"/v1/promoters/{ben['id']}",
                                                    headers=merchant.headers())

    buying, erasing = threading.Thread(target=buy), threading.Thread(target=erase)
    with app.app_context(), Session(db.engine) as holder:
        # Ana's row held for a moment (a block of her being decided): Ben's order has locked
        # Ben and waits at its INSERT's check of Ana, before the check of the referral.
        holder.execute(select(Promoter.id).where(Promoter.id == ana["id"]).with_for_update())
        buying.start()
        until_it_waits_for_a_lock(buying)
        # The erasure rewrites Ben's referral, then waits for Ben's row.
        erasing.start()
        until_it_waits_for_a_lock(erasing, waiters=2)
        holder.commit()
        join_all([buying, erasing], 30)
    assert (answers["order"].status_code, answers["erase"].status_code) == (201, 200), (
        answers["order"].get_json(), answers["erase"].get_json())


def _iteration_order(first: str, second: str) -> list[str]:
    """The order a set iterates two ids in when `first` is added first (as create_order's
    outcomes add the referrer, then the buyer)."""
    ids = set()
    ids.add(first)
    ids.add(second)
    return list(ids)


def test_two_orders_paying_the_same_two_promoters_do_not_deadlock_on_their_tiers(
        app, client, merchant, on_postgres, monkeypatch):
    client.post("/v1/tiers", json={"name": "Member", "metric": "points_earned", "threshold": 1,
                                   "window_days": 30, "multiplier": 10_000},
                headers=merchant.headers())
    make_rule(client, merchant)  # the referrer: points
    make_rule(client, merchant, name="Cashback", beneficiary="customer",
              reward={"type": "percent_of_order", "value": 500})  # the buyer: store credit
    # Two shoppers who refer each other, whose ids a set orders by which came first, as two
    # processes with different hash seeds order any two ids differently.
    people = [enroll(client, merchant, external_id=f"cus_{n}", email=f"p{n}@example.com")
              for n in range(40)]
    one, two = next((a, b) for a in people for b in people if a is not b
                    and _iteration_order(a["id"], b["id"]) != _iteration_order(b["id"], a["id"]))
    # Both earn points once, so both have a tier row.
    assert order(client, merchant, "o-setup-1", customer=two["external_id"],
                 code=one["code"]).status_code == 201
    assert order(client, merchant, "o-setup-2", customer=one["external_id"],
                 code=two["code"]).status_code == 201
    # Each order posts to its own merchant-side shard, as two unrelated orders usually do.
    shards = iter(range(1, 100))
    monkeypatch.setattr(ledger.random, "randrange", lambda _: next(shards) % 32)
    answers = {}

    def buy(name, buyer, referrer) -> None:
        answers[name] = order(app.test_client(), merchant, f"o-{name}",
                              customer=buyer["external_id"], code=referrer["code"])

    # a pays `one` points and `two` credit; b pays `two` points and `one` credit.
    a = threading.Thread(target=buy, args=("a", two, one))
    b = threading.Thread(target=buy, args=("b", one, two))
    first_of_a = _iteration_order(one["id"], two["id"])[0]
    with app.app_context(), Session(db.engine) as holder:
        holder.execute(select(PromoterTier.promoter_id)
                       .where(PromoterTier.promoter_id == first_of_a).with_for_update())
        a.start()
        until_it_waits_for_a_lock(a)  # a has earned and waits for its first tier row
        b.start()
        # b holds its first tier row (a's second) and waits for a's first.
        until_it_waits_for_a_lock(b, waiters=2)
        holder.commit()
        join_all([a, b], 30)
    assert (answers["a"].status_code, answers["b"].status_code) == (201, 201), (
        answers["a"].get_json(), answers["b"].get_json())


def _referrer_of_a_connected_merchant(client, merchant) -> dict:
    """Ana, referrer of a merchant connected to Stripe with a points rule."""
    connect(client, merchant)
    make_rule(client, merchant)
    return enroll(client, merchant)


def _order_paid_by_pi_test_1(client, merchant, ana):
    """The shop's $100 order of Ana's referee, posted with its Stripe payment intent."""
    placed = order(client, merchant, external_id="shop-1", code=ana["code"],
                   stripe_payment_intent="pi_test_1")
    assert placed.status_code == 201, placed.get_json()
    return placed


def _refund_of_pi_test_1_in(currency: str, client, merchant, **amounts):
    """Stripe's charge.refunded for pi_test_1's charge, made in `currency`, accepted."""
    charge = charge_refunded(intent_id="pi_test_1", **amounts)
    charge["currency"] = currency
    refunded = deliver(client, merchant.id, event("charge.refunded", charge))
    assert refunded.status_code == 200, refunded.get_json()
    return refunded


def _ana_and_a_full_refund_of_pi_test_1(app, client, merchant):
    """Ana, referrer of a connected merchant with a rule; a thread (not started) delivering
    Stripe's full refund of pi_test_1; the dict its answer lands in, as answers["refund"]."""
    ana = _referrer_of_a_connected_merchant(client, merchant)
    answers = {}

    def refund_at_stripe() -> None:
        answers["refund"] = deliver(app.test_client(), merchant.id, event(
            "charge.refunded", charge_refunded(intent_id="pi_test_1", refunded=10_000)))

    return ana, threading.Thread(target=refund_at_stripe), answers


def _lands_before_commit(refunding, session) -> None:
    """The refund arrives while `session` holds its order uncommitted: it waits for the row,
    then the session commits and the refund goes on."""
    refunding.start()
    until_it_waits_for_a_lock(refunding)
    session.commit()
    join_all([refunding], 30)


def test_a_refund_arriving_while_its_order_is_recorded_is_applied(
        app, client, merchant, on_postgres):
    ana, refunding, answers = _ana_and_a_full_refund_of_pi_test_1(app, client, merchant)
    with app.app_context(), Session(db.engine) as shop:
        # The shop posts its order paid by pi_test_1 (POST /v1/orders stripe_payment_intent);
        # it has looked for waiting refunds and is about to commit when Stripe's refund lands.
        recorded, _ = purchases.record_purchase(
            shop, merchant=shop.get(Merchant, merchant.id),
            purchase=orders_service.Purchase("shop-1", "cus_ben", 10_000, "USD"),
            now=app.extensions["goodword_clock"].now(),
            secret_keys=app.config["GOODWORD_SECRET_KEYS"], code=ana["code"],
            stripe_payment_intent="pi_test_1")
        order_id = recorded.id
        _lands_before_commit(refunding, shop)
    assert answers["refund"].status_code == 200
    refunded = client.get(f"/v1/orders/{order_id}", headers=merchant.headers()).get_json()
    # Stripe gave the buyer all their money back: the order is refunded and Ana keeps nothing.
    assert (refunded["refunded_amount"], balance(client, merchant, ana["id"])["pending"]) == (
        10_000, 0), answers["refund"].get_json()
    assert_books_balance(client, merchant)


def test_a_refund_arriving_while_stripes_payment_event_records_its_order_is_applied(
        app, client, merchant, on_postgres):
    ana, refunding, answers = _ana_and_a_full_refund_of_pi_test_1(app, client, merchant)
    paid = json.dumps(event("payment_intent.succeeded", payment_intent(
        intent_id="pi_test_1", customer="cus_ben",
        metadata={"goodword_click_id": click(client, f"/r/{ana['code']}")}))).encode()
    with app.app_context(), Session(db.engine) as webhook:
        # Stripe's payment_intent.succeeded records the order under pi_test_1 (the shop posts
        # nothing); it has looked for waiting refunds and is about to commit when the refund
        # lands.
        receipt = stripe_events.receive(
            webhook, merchant_id=merchant.id, payload=paid,
            signature=signature_header(paid), now=app.extensions["goodword_clock"].now(),
            secret_keys=app.config["GOODWORD_SECRET_KEYS"],
            credentials_secrets=app.config["CREDENTIALS_SECRETS"])
        assert receipt.outcome == "order_recorded"
        _lands_before_commit(refunding, webhook)
    assert answers["refund"].status_code == 200
    # The buyer got all their money back: Ana keeps nothing of the order's reward.
    assert (answers["refund"].get_json()["outcome"],
            balance(client, merchant, ana["id"])["pending"]) == ("refund_applied", 0)
    assert_books_balance(client, merchant)


def test_a_full_stripe_refund_in_the_charges_currency_refunds_the_whole_order(
        app, client, merchant):
    ana = _referrer_of_a_connected_merchant(client, merchant)
    # The shop sells in USD; Stripe charged the buyer 92.00 EUR for the $100 order (as Stripe's
    # local-currency pricing does), and the shop posts its order with that payment intent.
    _order_paid_by_pi_test_1(client, merchant, ana)
    assert balance(client, merchant, ana["id"])["pending"] == 100
    refunded = _refund_of_pi_test_1_in("eur", client, merchant, amount=9_200, refunded=9_200)
    # The buyer got all their money back: nothing of the order's reward is left.
    assert balance(client, merchant, ana["id"])["pending"] == 0, refunded.get_json()
    assert_books_balance(client, merchant)


def test_a_third_refunded_of_a_stripe_charge_in_yen_claws_back_a_third_of_the_order(
        client, merchant):
    ana = _referrer_of_a_connected_merchant(client, merchant)
    # The $100 order was paid by a 15,000 JPY charge (yen have no minor unit at Stripe either).
    placed = _order_paid_by_pi_test_1(client, merchant, ana)
    refunded = _refund_of_pi_test_1_in("jpy", client, merchant, amount=15_000, refunded=5_000)
    # A third of the charge went back to the buyer: a third of the order is refunded (rounded
    # down, never more), not 5,000 of its 10,000 cents.
    answer = client.get(f"/v1/orders/{placed.get_json()['id']}",
                        headers=merchant.headers()).get_json()
    assert answer["refunded_amount"] == 3_333, refunded.get_json()
    assert balance(client, merchant, ana["id"])["pending"] == 67
    assert_books_balance(client, merchant)
