"""A shop's POST /v1/orders naming a Stripe payment intent and Stripe's own event for that
payment intent, at the same moment (PostgreSQL): one order and one reward, whichever wins."""

from functools import partial

import pytest
from sqlalchemy import func, select

from core.db import db
from rewards.ledger.models import Reward
from rewards.orders.models import Order
from tests.support.errors import error_of
from tests.support.orders import assert_books_balance, make_rule, order
from tests.support.races import all_at_once
from tests.support.referrals import click, enroll
from tests.support.stripe import checkout_session, connect, deliver, event, invoice, payment_intent

ROUNDS = 12


def _stripe_object(event_type, *, n, payment, click_id, customer):
    if event_type == "checkout.session.completed":
        return checkout_session(session_id=f"cs_race_{n}", payment_intent=payment,
                                customer=customer, client_reference_id=click_id)
    if event_type == "payment_intent.succeeded":
        return payment_intent(intent_id=payment, customer=customer,
                              metadata={"goodword_click_id": click_id})
    return invoice(invoice_id=f"in_race_{n}", subscription=f"sub_race_{n}", customer=customer,
                   payment_intent=payment, metadata={"goodword_click_id": click_id})


@pytest.mark.parametrize("event_type", ["checkout.session.completed",
                                        "payment_intent.succeeded", "invoice.paid"])
def test_a_shop_order_and_stripes_event_at_once_make_one_order(app, client, merchant,
                                                                on_postgres, event_type):
    connect(client, merchant)
    make_rule(client, merchant)
    ana = enroll(client, merchant)
    for n in range(ROUNDS):
        payment, customer = f"pi_race_{n}", f"cus_race_{n}"
        click_id = click(client, f"/r/{ana['code']}")
        stripe_object = _stripe_object(event_type, n=n, payment=payment, click_id=click_id,
                                       customer=customer)
        shop, webhook = all_at_once(
            app,
            partial(order, merchant=merchant, external_id=f"shop-{n}", customer=customer,
                    click_id=click_id, stripe_payment_intent=payment),
            partial(deliver, merchant_id=merchant.id, stripe_event=event(
                event_type, stripe_object, event_id=f"evt_race_{n}")),
        )
        assert webhook.status_code == 200, webhook.get_json()
        with app.app_context():
            recorded = db.session.scalars(select(Order).where(
                Order.customer_external_id == customer)).all()
            assert len(recorded) == 1, (n, [o.external_id for o in recorded],
                                        shop.get_json(), webhook.get_json())
            (the_order,) = recorded
            rewards = db.session.scalar(select(func.count()).select_from(Reward).where(
                Reward.order_id == the_order.id))
        assert rewards == 1, n
        if the_order.external_id == f"shop-{n}":  # the shop won: Stripe's event changed nothing
            assert shop.status_code == 201, shop.get_json()
            # (payment_intent.succeeded finding the shop's link before it looks says so)
            assert webhook.get_json()["outcome"] in ("duplicate_payment", "ignored_invoice"), \
                webhook.get_json()
        else:  # Stripe won: the shop is told the payment intent paid another order
            assert webhook.get_json()["outcome"] == "order_recorded", webhook.get_json()
            assert (shop.status_code, error_of(shop)["code"]) == (
                409, "stripe_payment_intent_in_use"), shop.get_json()
    assert_books_balance(client, merchant)
