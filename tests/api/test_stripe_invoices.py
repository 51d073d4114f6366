"""invoice.paid: every paid invoice of a subscription is an order, once per invoice id, and each
order.paid rule chooses which invoices earn: all (the default), the first only, or N months."""

import json

import pytest
from sqlalchemy import select

from core.db import db
from referrals.stripe.subscriptions import add_months, whole_months
from rewards.orders.models import Order

from .merchant_world import snapshot
from .stripe_support import (
    charge_refunded,
    checkout_session,
    connect,
    deliver,
    event,
    invoice,
    invoice_payment,
    payment_intent,
)
from .test_errors import error_of
from .test_orders import assert_books_balance, balance, make_rule, order
from .test_referrals import click, enroll


def _orders(app) -> list[Order]:
    with app.app_context():
        return list(db.session.scalars(select(Order).order_by(Order.created_at, Order.id)))


def _deliver_now(client, clock, merchant, stripe_event):
    """Signed at the app's clock, which these tests move by months."""
    response = deliver(client, merchant.id, stripe_event,
                       timestamp=int(clock.now().timestamp()))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["outcome"]


def _subscriber(client, merchant, **recurring):
    """Ana refers a friend whose subscription carries Ana's click id in its metadata."""
    connect(client, merchant)
    conditions = {"recurring": recurring} if recurring else {}
    make_rule(client, merchant, conditions=conditions)
    ana = enroll(client, merchant)
    return ana, {"goodword_click_id": click(client, f"/r/{ana['code']}")}


def _renewal(clock, number: int, metadata: dict, start):
    return invoice(invoice_id=f"in_{number}", period_start=int(start.timestamp()),
                   billing_reason="subscription_create" if number == 1 else "subscription_cycle",
                   subscription_metadata=metadata)


def test_first_invoice_only_pays_the_first_and_still_records_renewals(app, client, clock,
                                                                      merchant):
    ana, metadata = _subscriber(client, merchant, mode="first_invoice")
    start = clock.now()
    assert _deliver_now(client, clock, merchant,
                        event("invoice.paid", _renewal(clock, 1, metadata, start))) \
        == "order_recorded"
    clock.advance(days=31)
    assert _deliver_now(client, clock, merchant, event(
        "invoice.paid", _renewal(clock, 2, metadata, add_months(start, 1)))) == "order_recorded"
    first, second = _orders(app)
    assert (first.external_id, second.external_id) == ("in_1", "in_2")
    assert first.promoter_id == second.promoter_id == ana["id"]
    assert balance(client, merchant, ana["id"])["pending"] == 100  # the first invoice only
    assert_books_balance(client, merchant)


def test_every_invoice_for_twelve_months_then_none(app, client, clock, merchant):
    ana, metadata = _subscriber(client, merchant, mode="months", months=12)
    start = clock.now()
    # Invoices 1..14, monthly; 12 and 13 arrive out of order.
    for number in (*range(1, 12), 13, 12, 14):
        clock.set(add_months(start, number - 1))
        outcome = _deliver_now(client, clock, merchant, event(
            "invoice.paid", _renewal(clock, number, metadata, add_months(start, number - 1))))
        assert outcome == "order_recorded", number
    assert len(_orders(app)) == 14
    # 12 invoices earned 100 points each; the 13th and 14th (12+ months in) earned nothing.
    assert balance(client, merchant, ana["id"])["pending"] == 1_200
    skipped = client.get(f"/v1/promoters/{ana['id']}/ledger_transactions?limit=100",
                         headers=merchant.headers()).get_json()["data"]
    assert len(skipped) == 12
    assert_books_balance(client, merchant)


def test_without_a_recurring_condition_every_invoice_earns(client, clock, merchant):
    ana, metadata = _subscriber(client, merchant)
    start = clock.now()
    for number in (1, 2, 3):
        clock.set(add_months(start, number - 1))
        _deliver_now(client, clock, merchant, event(
            "invoice.paid", _renewal(clock, number, metadata, add_months(start, number - 1))))
    assert balance(client, merchant, ana["id"])["pending"] == 300


def test_renewals_without_evidence_stay_with_the_earlier_orders_promoter(app, client, clock,
                                                                         merchant):
    ana, metadata = _subscriber(client, merchant)
    _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        invoice_id="in_1", subscription_metadata=metadata)))
    clock.advance(days=31)
    # The shop dropped the metadata: the customer's earlier credited order still names Ana.
    assert _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        invoice_id="in_2", billing_reason="subscription_cycle"))) == "order_recorded"
    renewal = _orders(app)[1]
    assert (renewal.promoter_id, renewal.attributed_by) == (ana["id"], "renewal")
    assert balance(client, merchant, ana["id"])["pending"] == 200


def test_an_unreferred_subscription_is_ignored(app, client, clock, merchant):
    _subscriber(client, merchant)
    assert _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        customer="cus_stranger", email="stranger@example.com"))) == "ignored_unreferred"
    assert _orders(app) == []


def test_duplicate_and_redelivered_invoice_events_make_one_order(app, client, clock, merchant):
    ana, metadata = _subscriber(client, merchant, mode="first_invoice")
    paid = event("invoice.paid", invoice(invoice_id="in_1", subscription_metadata=metadata))
    assert _deliver_now(client, clock, merchant, paid) == "order_recorded"
    again = deliver(client, merchant.id, paid, timestamp=int(clock.now().timestamp()))
    assert again.get_json()["duplicate"] is True
    # The same invoice under another event id (e.g. a replay from the Dashboard).
    same_invoice = event("invoice.paid", invoice(invoice_id="in_1",
                                                 subscription_metadata=metadata))
    assert _deliver_now(client, clock, merchant, same_invoice) == "duplicate_payment"
    assert len(_orders(app)) == 1
    assert balance(client, merchant, ana["id"])["pending"] == 100


def test_a_zero_trial_invoice_is_not_the_first_paid_one(client, clock, merchant):
    ana, metadata = _subscriber(client, merchant, mode="first_invoice")
    assert _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        invoice_id="in_trial", amount=0, subscription_metadata=metadata))) \
        == "ignored_zero_amount"
    clock.advance(days=14)
    _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        invoice_id="in_1", billing_reason="subscription_cycle", subscription_metadata=metadata)))
    assert balance(client, merchant, ana["id"])["pending"] == 100


def test_a_refund_of_an_invoice_charge_claws_back_in_any_order(app, client, clock, merchant):
    ana, metadata = _subscriber(client, merchant)
    _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        invoice_id="in_1", subscription_metadata=metadata)))
    # The refund arrives before Stripe says which payment intent paid the invoice.
    refund = event("charge.refunded", charge_refunded(charge_id="ch_inv", intent_id="pi_inv",
                                                      refunded=4_000))
    assert _deliver_now(client, clock, merchant, refund) == "refund_deferred"
    assert _deliver_now(client, clock, merchant, event(
        "invoice_payment.paid", invoice_payment(invoice_id="in_1", payment_intent="pi_inv"))) \
        == "payment_linked"
    assert _orders(app)[0].refunded_amount == 4_000
    assert balance(client, merchant, ana["id"])["pending"] == 60
    # The invoice's payment intent is not a second, one-off order.
    assert _deliver_now(client, clock, merchant, event("payment_intent.succeeded", payment_intent(
        intent_id="pi_inv", metadata=metadata))) == "ignored_invoice"
    # An invoice that names its payment itself (payments expanded) needs no second event.
    _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        invoice_id="in_2", billing_reason="subscription_cycle", subscription_metadata=metadata,
        payment_intent="pi_inv2")))
    assert _deliver_now(client, clock, merchant, event("charge.refunded", charge_refunded(
        charge_id="ch_inv2", intent_id="pi_inv2", refunded=10_000))) == "refund_applied"
    assert balance(client, merchant, ana["id"])["pending"] == 60
    assert_books_balance(client, merchant)


def test_a_subscription_checkout_carries_the_click_to_its_invoices(app, client, clock, merchant):
    ana, metadata = _subscriber(client, merchant)
    session = checkout_session(session_id="cs_sub", payment_intent=None,
                               client_reference_id=metadata["goodword_click_id"])
    session.update(mode="subscription", subscription="sub_test_1", invoice="in_1")
    assert _deliver_now(client, clock, merchant, event("checkout.session.completed", session)) \
        == "subscription_noted"
    assert _orders(app) == []  # the invoice is the order, not the session
    _deliver_now(client, clock, merchant, event("invoice.paid", invoice(invoice_id="in_1")))
    (placed,) = _orders(app)
    assert (placed.external_id, placed.promoter_id, placed.attributed_by) == (
        "in_1", ana["id"], "click")


def test_recurring_conditions_are_validated_versioned_and_dry_run(client, merchant):
    rule = make_rule(client, merchant, conditions={"recurring": {"mode": "months",
                                                                 "months": 12}})
    assert rule["conditions"]["recurring"] == {"mode": "months", "months": 12}
    for recurring, param in (({"mode": "months"}, "conditions[recurring][months]"),
                             ({"mode": "first_invoice", "months": 3},
                              "conditions[recurring][months]")):
        refused = client.post("/v1/rules", json={
            "name": "x", "trigger": "order.paid", "beneficiary": "referrer",
            "reward": {"type": "fixed_points", "value": 5},
            "conditions": {"recurring": recurring}}, headers=merchant.headers())
        assert (refused.status_code, error_of(refused)["param"]) == (400, param)
    wrong_trigger = client.post("/v1/rules", json={
        "name": "x", "trigger": "referral.approved", "beneficiary": "referrer",
        "reward": {"type": "fixed_points", "value": 5},
        "conditions": {"recurring": {"mode": "first_invoice"}}}, headers=merchant.headers())
    assert (wrong_trigger.status_code, error_of(wrong_trigger)["param"]) == (
        400, "conditions[recurring]")
    bad_mode = client.post("/v1/rules", json={
        "name": "x", "trigger": "order.paid", "beneficiary": "referrer",
        "reward": {"type": "fixed_points", "value": 5},
        "conditions": {"recurring": {"mode": "forever"}}}, headers=merchant.headers())
    assert bad_mode.status_code == 400
    edited = client.patch(f"/v1/rules/{rule['id']}", json={
        "conditions": {"recurring": {"mode": "first_invoice"}}}, headers=merchant.headers())
    assert edited.get_json()["conditions"]["recurring"] == {"mode": "first_invoice",
                                                            "months": None}
    first = client.get(f"/v1/rules/{rule['id']}?version=1", headers=merchant.headers())
    assert first.get_json()["conditions"]["recurring"] == {"mode": "months", "months": 12}
    ana = enroll(client, merchant)

    def dry_run(**fields):
        response = client.post("/v1/rules/dry_run", json={
            "trigger": "order.paid", "referrer": ana["id"], "order_amount": 10_000,
            "currency": "USD", **fields}, headers=merchant.headers())
        assert response.status_code == 200, response.get_json()
        (verdict,) = response.get_json()["data"]
        return verdict["outcome"], verdict["code"]

    assert dry_run(first_invoice=True) == ("award", None)
    assert dry_run(months_since_first_invoice=2) == ("skip", "condition_recurring")
    assert dry_run() == ("award", None)  # a one-off order is not an invoice
    cleared = client.patch(f"/v1/rules/{rule['id']}", json={"conditions": {"recurring": None}},
                           headers=merchant.headers())
    assert cleared.get_json()["conditions"]["recurring"] is None
    assert dry_run(months_since_first_invoice=30) == ("award", None)


@pytest.mark.parametrize("start, at, months", [
    ("2026-01-31", "2026-02-28", 1),  # Stripe bills the 31st on a short month's last day
    ("2026-01-31", "2026-02-27", 0),
    ("2026-01-15", "2027-01-15", 12),
    ("2026-01-15", "2027-01-14", 11),
    ("2026-03-10", "2026-03-10", 0),
])
def test_whole_months_follow_the_billing_calendar(start, at, months):
    from datetime import UTC, datetime

    def day(text):
        return datetime.fromisoformat(text).replace(tzinfo=UTC)

    assert whole_months(day(start), day(at)) == months


def test_a_first_invoice_before_its_checkout_session_is_credited_when_the_session_comes(
        app, client, clock, merchant):
    """Stripe often sends invoice.paid before checkout.session.completed: the first invoice
    waits for the session's click instead of being lost."""
    ana, metadata = _subscriber(client, merchant, mode="first_invoice")
    assert _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        invoice_id="in_1"))) == "ignored_unreferred"
    session = checkout_session(session_id="cs_sub", payment_intent=None,
                               client_reference_id=metadata["goodword_click_id"])
    session.update(mode="subscription", subscription="sub_test_1", invoice="in_1")
    assert _deliver_now(client, clock, merchant, event("checkout.session.completed", session)) \
        == "invoice_order_recorded"
    (placed,) = _orders(app)
    assert (placed.external_id, placed.promoter_id, placed.amount) == ("in_1", ana["id"], 10_000)
    assert balance(client, merchant, ana["id"])["pending"] == 100  # it was the first invoice
    # Used once: a replay of the session (another event id) records nothing more.
    assert _deliver_now(client, clock, merchant, event("checkout.session.completed", session)) \
        == "subscription_noted"
    clock.advance(days=31)
    assert _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        invoice_id="in_2", billing_reason="subscription_cycle"))) == "order_recorded"
    assert balance(client, merchant, ana["id"])["pending"] == 100  # renewals: first only
    assert_books_balance(client, merchant)


@pytest.mark.parametrize("broken", [
    {"parent": "sub_x", "lines": 5},
    {"amount_paid": "a lot"},
    {"lines": {"data": [{"period": {"start": 10**20}}]}},
    {"id": "in_" + "x" * 400, "customer_email": ["not", "a", "string"]},
    {"payments": {"data": [{"payment": "pi_x"}]}},
])
def test_a_signed_invoice_in_no_documented_shape_is_kept_and_changes_nothing(
        app, client, clock, merchant, broken):
    _, metadata = _subscriber(client, merchant)
    body = {**invoice(invoice_id="in_1", subscription_metadata=metadata), **broken}
    response = deliver(client, merchant.id, event("invoice.paid", body),
                       timestamp=int(clock.now().timestamp()))
    assert (response.status_code, response.get_json()["outcome"]) == (200, "rejected_malformed")
    assert _orders(app) == []


def test_erasure_forgets_the_code_a_subscription_checkout_was_paid_with(app, client, clock,
                                                                       merchant):
    connect(client, merchant)
    ana = enroll(client, merchant, name="Anabela Lima")
    session = checkout_session(session_id="cs_sub", payment_intent=None,
                               metadata={"goodword_code": ana["code"].lower()})
    session.update(mode="subscription", subscription="sub_test_1", invoice="in_1")
    assert _deliver_now(client, clock, merchant, event("checkout.session.completed", session)) \
        == "subscription_noted"
    assert client.delete(f"/v1/promoters/{ana['id']}",
                         headers=merchant.headers()).status_code == 200
    stored = json.dumps(snapshot(app)).lower()
    assert ana["code"].lower() not in stored and "anabel" not in stored


def test_an_unreferred_subscribers_invoice_is_not_kept_once_its_checkout_names_nobody(
        app, client, clock, merchant):
    """The first invoice waits for its Checkout Session's click; a session with none means
    nobody referred the subscriber, and their email and customer id are not Goodword's."""
    _subscriber(client, merchant)
    assert _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        invoice_id="in_1", customer="cus_stranger", email="stranger@example.com"))) \
        == "ignored_unreferred"
    session = checkout_session(session_id="cs_sub", payment_intent=None,
                               customer="cus_stranger", email="stranger@example.com")
    session.update(mode="subscription", subscription="sub_test_1", invoice="in_1")
    assert _deliver_now(client, clock, merchant, event("checkout.session.completed", session)) \
        == "ignored_subscription_checkout"
    stored = json.dumps(snapshot(app))
    assert "stranger@example.com" not in stored and "cus_stranger" not in stored
    assert _orders(app) == []


def test_an_invoice_paid_by_a_shop_orders_payment_intent_is_that_order(app, client, clock,
                                                                        merchant):
    ana, metadata = _subscriber(client, merchant)
    assert order(client, merchant, external_id="shop-77", click_id=metadata["goodword_click_id"],
                 stripe_payment_intent="pi_test_9").status_code == 201
    assert _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        invoice_id="in_1", subscription_metadata=metadata, payment_intent="pi_test_9"))) \
        != "order_recorded"
    assert [placed.external_id for placed in _orders(app)] == ["shop-77"]
    assert balance(client, merchant, ana["id"])["pending"] == 100
    assert_books_balance(client, merchant)


def test_a_subscription_without_checkout_drops_its_waiting_invoice_at_the_next_invoice(
        app, client, clock, merchant):
    """Started without Checkout, no session will ever bring a click for the first invoice: the
    unreferred subscriber's details are dropped when the next invoice is paid, not kept forever."""
    _, metadata = _subscriber(client, merchant)
    first = invoice(invoice_id="in_1", customer="cus_stranger", email="stranger@example.com")
    assert _deliver_now(client, clock, merchant, event("invoice.paid", first)) \
        == "ignored_unreferred"
    assert "stranger@example.com" in json.dumps(snapshot(app))  # waiting for its session
    # A redelivery of the first invoice under another event id keeps it waiting.
    _deliver_now(client, clock, merchant, event("invoice.paid", first))
    assert "stranger@example.com" in json.dumps(snapshot(app))
    clock.advance(days=31)
    assert _deliver_now(client, clock, merchant, event("invoice.paid", invoice(
        invoice_id="in_2", billing_reason="subscription_cycle", customer="cus_stranger",
        email="stranger@example.com"))) == "ignored_unreferred"
    stored = json.dumps(snapshot(app))
    assert "stranger@example.com" not in stored and "cus_stranger" not in stored
    # A session naming a click after that finds nothing waiting: no order for the old invoice.
    session = checkout_session(session_id="cs_sub", payment_intent=None,
                               client_reference_id=metadata["goodword_click_id"],
                               customer="cus_stranger", email="stranger@example.com")
    session.update(mode="subscription", subscription="sub_test_1", invoice="in_1")
    assert _deliver_now(client, clock, merchant, event("checkout.session.completed", session)) \
        == "subscription_noted"
    assert _orders(app) == []
