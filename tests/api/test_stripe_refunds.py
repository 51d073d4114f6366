"""charge.refunded across several charges of one payment intent, and for orders the shop
posted to /v1/orders with the payment intent that paid them. Payments and refunds of the
POST /v1/orders case are made on localstripe and its charge object is the event's payload."""

import threading

from sqlalchemy import select

from core.db import db
from rewards.orders.models import Order, Refund
from tests.threads import join_all

from .rewards_support import until_it_waits_for_a_lock
from .stripe_support import (
    charge_refunded,
    checkout_session,
    connect,
    deliver,
    event,
    localstripe_get,
    localstripe_post,
    payment_intent,
)
from .test_errors import error_of
from .test_orders import assert_books_balance, balance, make_rule, order
from .test_referrals import click, enroll


def _order(app, external_id) -> Order:
    with app.app_context():
        return db.session.scalars(select(Order).where(Order.external_id == external_id)).one()


def _refunds(app) -> list[int]:
    with app.app_context():
        return sorted(db.session.scalars(select(Refund.amount)))


def _outcome(client, merchant, stripe_object) -> str:
    response = deliver(client, merchant.id, event("charge.refunded", stripe_object))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["outcome"]


def _referred_checkout(client, merchant):
    connect(client, merchant)
    make_rule(client, merchant)
    ana = enroll(client, merchant)
    deliver(client, merchant.id, event("checkout.session.completed", checkout_session(
        client_reference_id=click(client, f"/r/{ana['code']}"))))
    return ana


def test_refunds_of_two_charges_of_one_payment_intent_add_up(app, client, merchant):
    ana = _referred_checkout(client, merchant)  # pi_test_1, $100, 100 points
    # The payment intent was paid by two charges ($60 and $40); each reports its own total.
    first = charge_refunded(charge_id="ch_a", amount=6_000, refunded=6_000,
                            refund_ids=("re_a1", "re_a2"))
    first_older = charge_refunded(charge_id="ch_a", amount=6_000, refunded=3_000,
                                  refund_ids=("re_a1",))
    second = charge_refunded(charge_id="ch_b", amount=4_000, refunded=1_000,
                             refund_ids=("re_b1",))
    assert _outcome(client, merchant, first) == "refund_applied"
    assert _outcome(client, merchant, second) == "refund_applied"
    # ch_a's older event, delivered late: its smaller total is already covered.
    assert _outcome(client, merchant, first_older) == "refund_already_applied"
    assert _order(app, "pi_test_1").refunded_amount == 7_000
    assert _refunds(app) == [1_000, 6_000]
    assert balance(client, merchant, ana["id"])["pending"] == 30
    rest = charge_refunded(charge_id="ch_b", amount=4_000, refunded=4_000,
                           refund_ids=("re_b1", "re_b2"))
    assert _outcome(client, merchant, rest) == "refund_applied"
    assert _order(app, "pi_test_1").refunded_amount == 10_000
    assert balance(client, merchant, ana["id"])["pending"] == 0
    assert_books_balance(client, merchant)


def test_a_refund_in_kronur_is_read_as_stripe_writes_kronur(app, client, merchant):
    assert client.patch("/v1/merchant", json={"currency": "ISK"},
                        headers=merchant.headers()).status_code == 200
    connect(client, merchant)
    make_rule(client, merchant)  # 1 point per krona
    ana = enroll(client, merchant)
    # 500 ISK paid, then 200 ISK refunded: Stripe writes them 50000 and 20000.
    deliver(client, merchant.id, event("checkout.session.completed", checkout_session(
        amount=50_000, client_reference_id=click(client, f"/r/{ana['code']}")) | {
        "currency": "isk"}))
    refunded = charge_refunded(amount=50_000, refunded=20_000) | {"currency": "isk"}
    assert _outcome(client, merchant, refunded) == "refund_applied"
    order = _order(app, "pi_test_1")
    assert (order.amount, order.refunded_amount, order.currency) == (500, 200, "ISK")
    assert balance(client, merchant, ana["id"])["pending"] == 300
    assert_books_balance(client, merchant)


def test_refunds_of_two_charges_before_their_payment_are_both_applied(app, client, merchant):
    connect(client, merchant)
    make_rule(client, merchant)
    ana = enroll(client, merchant)
    for stripe_object in (
        charge_refunded(charge_id="ch_a", amount=6_000, refunded=2_000, refund_ids=("re_a1",)),
        charge_refunded(charge_id="ch_a", amount=6_000, refunded=5_000,
                        refund_ids=("re_a1", "re_a2")),
        charge_refunded(charge_id="ch_b", amount=4_000, refunded=1_500, refund_ids=("re_b1",)),
    ):
        assert _outcome(client, merchant, stripe_object) == "refund_deferred"
    deliver(client, merchant.id, event("checkout.session.completed", checkout_session(
        client_reference_id=click(client, f"/r/{ana['code']}"))))
    assert _order(app, "pi_test_1").refunded_amount == 6_500  # 5,000 on ch_a + 1,500 on ch_b
    assert balance(client, merchant, ana["id"])["pending"] == 35
    assert_books_balance(client, merchant)


def _paid_on_localstripe(localstripe_url, amount=10_000) -> dict:
    return localstripe_post(localstripe_url, "/v1/payment_intents",
                            f"amount={amount}&currency=usd&payment_method=pm_card_visa"
                            "&confirm=true")


def _refunded_charge(localstripe_url, payment_intent: dict, amount: int) -> dict:
    """Refund on localstripe, then read back the charge: the object charge.refunded carries."""
    localstripe_post(localstripe_url, "/v1/refunds",
                     f"payment_intent={payment_intent['id']}&amount={amount}")
    charge = payment_intent["latest_charge"]
    charge_id = charge["id"] if isinstance(charge, dict) else charge
    return localstripe_get(localstripe_url, f"/v1/charges/{charge_id}")


def test_a_shop_order_with_its_payment_intent_is_clawed_back_by_stripe_refunds(
        app, client, merchant, localstripe_url):
    connect(client, merchant)
    make_rule(client, merchant)
    ana = enroll(client, merchant)
    paid = _paid_on_localstripe(localstripe_url)
    placed = order(client, merchant, external_id="shop-1001",
                   click_id=click(client, f"/r/{ana['code']}"),
                   stripe_payment_intent=paid["id"])
    assert placed.status_code == 201, placed.get_json()
    assert balance(client, merchant, ana["id"])["pending"] == 100
    charge = _refunded_charge(localstripe_url, paid, 2_500)
    assert (charge["payment_intent"], charge["amount_refunded"]) == (paid["id"], 2_500)
    assert _outcome(client, merchant, charge) == "refund_applied"
    assert _order(app, "shop-1001").refunded_amount == 2_500
    assert balance(client, merchant, ana["id"])["pending"] == 75
    # The shop retries its POST: the same order, nothing refunded twice.
    again = order(client, merchant, external_id="shop-1001", stripe_payment_intent=paid["id"])
    assert again.status_code == 200
    assert _order(app, "shop-1001").refunded_amount == 2_500
    assert_books_balance(client, merchant)


def test_a_refund_before_the_shop_posts_its_order_is_applied_when_it_does(
        app, client, merchant, localstripe_url):
    connect(client, merchant)
    make_rule(client, merchant)
    ana = enroll(client, merchant)
    paid = _paid_on_localstripe(localstripe_url)
    charge = _refunded_charge(localstripe_url, paid, 4_000)
    assert _outcome(client, merchant, charge) == "refund_deferred"
    order(client, merchant, external_id="shop-1002", click_id=click(client, f"/r/{ana['code']}"),
          stripe_payment_intent=paid["id"])
    assert _order(app, "shop-1002").refunded_amount == 4_000
    assert balance(client, merchant, ana["id"])["pending"] == 60
    assert_books_balance(client, merchant)


def test_one_payment_intent_cannot_pay_two_orders(app, client, merchant):
    connect(client, merchant)
    assert order(client, merchant, external_id="shop-1",
                 stripe_payment_intent="pi_shared").status_code == 201
    second = order(client, merchant, external_id="shop-2", stripe_payment_intent="pi_shared")
    assert (second.status_code, error_of(second)["code"], error_of(second)["param"]) == (
        409, "stripe_payment_intent_in_use", "stripe_payment_intent")
    with app.app_context():
        assert db.session.scalars(select(Order.external_id)).all() == ["shop-1"]
    bad = order(client, merchant, external_id="shop-3", stripe_payment_intent="ch_not_a_pi")
    assert (bad.status_code, error_of(bad)["param"]) == (400, "stripe_payment_intent")


def test_concurrent_refund_events_of_one_charge_refund_its_total_once(app, client, merchant,
                                                                      on_postgres):
    ana = _referred_checkout(client, merchant)
    totals = [(n * 1_000, tuple(f"re_{i}" for i in range(n))) for n in range(1, 9)]
    start = threading.Barrier(len(totals))
    statuses = []

    def send(refunded, refund_ids):
        start.wait()
        response = deliver(app.test_client(), merchant.id, event(
            "charge.refunded", charge_refunded(charge_id="ch_a", refunded=refunded,
                                               refund_ids=refund_ids)))
        statuses.append(response.status_code)

    threads = [threading.Thread(target=send, args=total) for total in totals]
    for thread in threads:
        thread.start()
    join_all(threads, 60)
    assert statuses == [200] * len(totals)
    # Whatever order they ran in, ch_a's largest total is what was refunded.
    assert _order(app, "pi_test_1").refunded_amount == 8_000
    assert balance(client, merchant, ana["id"])["pending"] == 20
    assert_books_balance(client, merchant)


def test_a_shop_order_and_stripes_events_for_its_payment_make_one_order(app, client, merchant):
    connect(client, merchant)
    make_rule(client, merchant)
    ana = enroll(client, merchant)
    click_id = click(client, f"/r/{ana['code']}")
    assert order(client, merchant, external_id="shop-1001", click_id=click_id,
                 stripe_payment_intent="pi_test_1").status_code == 201
    # Stripe sends both events of the Checkout that took the payment; the shop's order is it.
    session = checkout_session(payment_intent="pi_test_1", client_reference_id=click_id)
    assert _outcome_of(client, merchant, "checkout.session.completed", session) != \
        "order_recorded"
    intent = payment_intent(metadata={"goodword_click_id": click_id})
    assert _outcome_of(client, merchant, "payment_intent.succeeded", intent) != "order_recorded"
    with app.app_context():
        assert db.session.scalars(select(Order.external_id)).all() == ["shop-1001"]
    assert balance(client, merchant, ana["id"])["pending"] == 100
    assert_books_balance(client, merchant)


def _outcome_of(client, merchant, event_type, stripe_object) -> str:
    response = deliver(client, merchant.id, event(event_type, stripe_object))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["outcome"]


def test_a_payment_after_its_refund_beside_another_refund_does_not_deadlock(
        app, client, clock, merchant, on_postgres):
    """Ana's first order (pi_test_1) has matured. Her second payment (pi_test_2) comes after
    its own refund, while the shop refunds her first order. The payment records its order,
    earns, then applies its waiting refund; the other refund holds her available lot and then
    wants her accounts. The payment must take the lots before the accounts (rewards.ledger.service's
    lock order), else the two deadlock and one of them is answered 503."""
    from datetime import timedelta

    from sqlalchemy.orm import Session

    from rewards.earning import maturation
    from rewards.ledger.models import Reward
    from rewards.orders import service as orders

    ana = _referred_checkout(client, merchant)  # pi_test_1, $100, 100 points
    with app.app_context():
        later = clock.now() + timedelta(days=90)
        assert maturation.mature_due(db.session, now=later) == 1
        db.session.commit()
        first_lot = db.session.scalar(select(Reward.id))
    assert _outcome(client, merchant, charge_refunded(
        charge_id="ch_2", intent_id="pi_test_2", refunded=4_000,
        refund_ids=("re_2",))) == "refund_deferred"
    answers = []

    def pay() -> None:
        answers.append(deliver(app.test_client(), merchant.id, event(
            "checkout.session.completed", checkout_session(
                session_id="cs_test_a2", payment_intent="pi_test_2", customer="cus_friend2",
                email="friend2@example.com",
                client_reference_id=click(app.test_client(), f"/r/{ana['code']}")))))

    with app.app_context():
        first_order = _order(app, "pi_test_1")
        with Session(db.engine) as refunding:
            # The shop's refund of the first order has its lots (ana's available lot) ...
            refunding.execute(select(Reward.id).where(Reward.id == first_lot)
                              .with_for_update())
            paying = threading.Thread(target=pay)
            paying.start()
            until_it_waits_for_a_lock(paying, 20)
            # ... and goes on to her accounts, while the payment waits for that lot.
            orders.refund_order(refunding, merchant_id=merchant.id, order_id=first_order.id,
                                amount=5_000, external_id="re_shop_1", now=clock.now())
            refunding.commit()
        join_all([paying], 30)
    assert [answer.status_code for answer in answers] == [200]
    assert answers[0].get_json()["outcome"] == "order_recorded"
    assert _order(app, "pi_test_2").refunded_amount == 4_000
    assert _order(app, "pi_test_1").refunded_amount == 5_000
    assert_books_balance(client, merchant)
