"""Every Stripe payment method credits the promoter: delayed ones (SEPA Direct Debit, ACH,
Boleto) settle days after the purchase, and endpoints on API versions before 2025-03-31 send
invoices in their older shape. Events are built in the field layout of Stripe's published
fixtures (stripe_fixture_layouts) and signed with stripe-python's helper."""

import copy
import json
from datetime import timedelta
from functools import partial

from sqlalchemy import func, select

from core.db import db
from referrals.stripe.models import StripePromotionCode
from rewards.ledger.models import Reward
from rewards.orders.models import Order
from tests.support.orders import assert_books_balance, balance, make_rule
from tests.support.races import all_at_once
from tests.support.referrals import click, enroll
from tests.support.stripe import charge_refunded, connect, deliver, event, signature_header
from tests.support.stripe_fixtures import (
    CHECKOUT_SESSION,
    DISCOUNT_BEFORE_2025_03_31,
    INVOICE_BEFORE_2025_03_31,
    PAYMENT_INTENT,
)

OLD_API_VERSION = "2025-02-24.acacia"


def delayed_checkout(*, payment_status="unpaid", method="sepa_debit", session_id="cs_test_gw_d1",
                     payment="pi_gw_sepa_1", amount=4_200, currency="eur", customer="cus_gw_mia",
                     email="mia@example.com", client_reference_id=None, metadata=None,
                     discounts=None, mode="payment", subscription=None) -> dict:
    """A Checkout Session as Stripe sends it, paid with a delayed method."""
    session = copy.deepcopy(CHECKOUT_SESSION)
    session.update(
        id=session_id, mode=mode, status="complete", payment_status=payment_status,
        payment_method_types=[method], payment_intent=payment, amount_subtotal=amount,
        amount_total=amount, currency=currency, customer=customer,
        client_reference_id=client_reference_id, metadata=metadata or {},
        discounts=discounts or [], subscription=subscription)
    session["customer_details"]["email"] = email
    return session


def delayed_payment_intent(*, intent_id="pi_gw_sepa_1", status="succeeded", amount=4_200,
                           currency="eur", customer="cus_gw_mia", metadata=None,
                           method="sepa_debit") -> dict:
    """A payment intent as Stripe sends it; one of a Checkout Session carries no metadata."""
    intent = copy.deepcopy(PAYMENT_INTENT)
    intent.update(id=intent_id, status=status, amount=amount, currency=currency,
                  amount_received=amount if status == "succeeded" else 0, customer=customer,
                  metadata=metadata or {}, payment_method_types=[method],
                  processing={"type": method} if status == "processing" else None,
                  latest_charge="ch_gw_sepa_1", last_payment_error=None, next_action=None,
                  canceled_at=None)
    return intent


def invoice_before_2025_03_31(*, invoice_id="in_gw_old_1", subscription="sub_gw_old_1",
                              payment="pi_gw_old_1", amount=2_500, customer="cus_gw_old",
                              email="old@example.com", subscription_metadata=None,
                              discount=None) -> dict:
    """A paid subscription invoice as API versions before 2025-03-31 send it: `subscription`,
    `subscription_details` and `payment_intent` on the invoice itself."""
    invoice = copy.deepcopy(INVOICE_BEFORE_2025_03_31)
    invoice.update(id=invoice_id, subscription=subscription, payment_intent=payment,
                   customer=customer, customer_email=email, amount_due=amount,
                   amount_paid=amount, amount_remaining=0, status="paid", paid=True,
                   billing_reason="subscription_create", currency="usd", total=amount,
                   subscription_details={"metadata": subscription_metadata or {}},
                   discount=discount)
    invoice["lines"]["data"][0].update(amount=amount, currency="usd", invoice=invoice_id)
    return invoice


def deliver_at(client, clock, merchant_id, event_type, stripe_object, *, event_id=None,
               api_version=None):
    """Deliver an event as Stripe would at the clock's time, signed with stripe-python."""
    body = event(event_type, stripe_object, event_id=event_id)
    body["created"] = int(clock.now().timestamp())
    if api_version:
        body["api_version"] = api_version
    payload = json.dumps(body).encode()
    return client.post(f"/stripe/webhooks/{merchant_id}", data=payload, headers={
        "Stripe-Signature": signature_header(payload, timestamp=int(clock.now().timestamp())),
        "Content-Type": "application/json"})


def outcome(response) -> str:
    assert response.status_code == 200, response.get_json()
    return response.get_json()["outcome"]


def orders_of(app, customer) -> list[Order]:
    with app.app_context():
        return list(db.session.scalars(select(Order).where(
            Order.customer_external_id == customer)))


def _promoter(client, merchant, **settings):
    connect(client, merchant, **settings)
    make_rule(client, merchant)  # a point per dollar, and per euro and real below
    for currency in ("EUR", "BRL"):
        make_rule(client, merchant, name=f"Points for {currency} orders",
                  conditions={"currency": currency})
    return enroll(client, merchant)


def test_a_sepa_checkout_is_credited_when_the_debit_clears_days_later(
        app, client, clock, merchant):
    ana = _promoter(client, merchant, attribution_window_days=7)
    click_id = click(client, f"/r/{ana['code']}")
    clock.advance(days=6)
    bought = deliver_at(client, clock, merchant.id, "checkout.session.completed",
                        delayed_checkout(client_reference_id=click_id))
    assert outcome(bought) == "payment_pending"
    assert orders_of(app, "cus_gw_mia") == []
    assert balance(client, merchant, ana["id"])["pending"] == 0  # no money yet, no reward
    clock.advance(days=5)  # the click is 11 days old now; it was 6 at the purchase
    paid = deliver_at(client, clock, merchant.id, "checkout.session.async_payment_succeeded",
                      delayed_checkout(payment_status="paid", client_reference_id=click_id))
    assert outcome(paid) == "order_recorded"
    (placed,) = orders_of(app, "cus_gw_mia")
    assert (placed.external_id, placed.promoter_id, placed.attributed_by, placed.amount,
            placed.currency) == ("pi_gw_sepa_1", ana["id"], "click", 4_200, "EUR")
    assert balance(client, merchant, ana["id"])["pending"] == 42
    # Stripe redelivers the settling event, and its payment intent's own success follows.
    again = deliver_at(client, clock, merchant.id, "checkout.session.async_payment_succeeded",
                       delayed_checkout(payment_status="paid", client_reference_id=click_id),
                       event_id=paid.get_json()["event"])
    assert again.get_json()["duplicate"] is True
    assert outcome(deliver_at(client, clock, merchant.id, "payment_intent.succeeded",
                              delayed_payment_intent())) == "duplicate_payment"
    assert len(orders_of(app, "cus_gw_mia")) == 1
    assert balance(client, merchant, ana["id"])["pending"] == 42
    assert_books_balance(client, merchant)


def test_an_ach_payment_intent_settling_first_is_credited_by_the_kept_session(
        app, client, clock, merchant):
    ana = _promoter(client, merchant)
    token = ana["referral_url"].rsplit("/r/", 1)[1]
    assert outcome(deliver_at(client, clock, merchant.id, "checkout.session.completed",
                              delayed_checkout(method="us_bank_account", currency="usd",
                                               metadata={"goodword_token": token}))
                   ) == "payment_pending"
    clock.advance(days=4)
    # Checkout's payment intent carries neither the token nor the buyer's email.
    assert outcome(deliver_at(client, clock, merchant.id, "payment_intent.succeeded",
                              delayed_payment_intent(currency="usd", method="us_bank_account"))
                   ) == "order_recorded"
    assert outcome(deliver_at(client, clock, merchant.id,
                              "checkout.session.async_payment_succeeded",
                              delayed_checkout(payment_status="paid", method="us_bank_account",
                                               currency="usd",
                                               metadata={"goodword_token": token}))
                   ) == "duplicate_payment"
    (placed,) = orders_of(app, "cus_gw_mia")
    assert (placed.promoter_id, placed.attributed_by) == (ana["id"], "token")
    assert balance(client, merchant, ana["id"])["pending"] == 42


def test_a_failed_debit_records_nothing_and_forgets_the_purchase(app, client, clock, merchant):
    ana = _promoter(client, merchant)
    click_id = click(client, f"/r/{ana['code']}")
    deliver_at(client, clock, merchant.id, "checkout.session.completed",
               delayed_checkout(method="boleto", currency="brl", client_reference_id=click_id))
    failed = deliver_at(client, clock, merchant.id, "checkout.session.async_payment_failed",
                        delayed_checkout(method="boleto", currency="brl",
                                         client_reference_id=click_id))
    assert outcome(failed) == "payment_failed"
    assert orders_of(app, "cus_gw_mia") == []
    # Nothing of the purchase is left to credit a payment intent that names nobody.
    assert outcome(deliver_at(client, clock, merchant.id, "payment_intent.succeeded",
                              delayed_payment_intent(currency="brl", method="boleto"))
                   ) == "ignored_unreferred"
    assert balance(client, merchant, ana["id"])["pending"] == 0


def test_an_unpaid_checkout_nobody_referred_keeps_nothing(app, client, clock, merchant):
    _promoter(client, merchant)
    assert outcome(deliver_at(client, clock, merchant.id, "checkout.session.completed",
                              delayed_checkout())) == "ignored_unreferred"
    assert outcome(deliver_at(client, clock, merchant.id,
                              "checkout.session.async_payment_succeeded",
                              delayed_checkout(payment_status="paid"))) == "ignored_unreferred"
    assert orders_of(app, "cus_gw_mia") == []


def test_a_processing_payment_intent_is_credited_as_of_its_purchase(
        app, client, clock, merchant):
    ana = _promoter(client, merchant, attribution_window_days=7)
    click_id = click(client, f"/r/{ana['code']}")
    clock.advance(days=5)
    assert outcome(deliver_at(client, clock, merchant.id, "payment_intent.processing",
                              delayed_payment_intent(status="processing",
                                                     metadata={"goodword_click_id": click_id}))
                   ) == "payment_pending"
    clock.advance(days=6)
    assert outcome(deliver_at(client, clock, merchant.id, "payment_intent.succeeded",
                              delayed_payment_intent(metadata={"goodword_click_id": click_id}))
                   ) == "order_recorded"
    (placed,) = orders_of(app, "cus_gw_mia")
    assert (placed.promoter_id, placed.attributed_by) == (ana["id"], "click")


def test_an_unpaid_subscription_checkout_credits_its_first_invoice(
        app, client, clock, merchant):
    ana = _promoter(client, merchant, attribution_window_days=7)
    click_id = click(client, f"/r/{ana['code']}")
    clock.advance(days=6)
    assert outcome(deliver_at(client, clock, merchant.id, "checkout.session.completed",
                              delayed_checkout(mode="subscription", payment=None,
                                               subscription="sub_gw_old_1",
                                               customer="cus_gw_old",
                                               client_reference_id=click_id))
                   ) == "subscription_noted"
    clock.advance(days=5)  # the SEPA debit of the first invoice clears after the window
    assert outcome(deliver_at(client, clock, merchant.id, "invoice.paid",
                              invoice_before_2025_03_31(), api_version=OLD_API_VERSION)
                   ) == "order_recorded"
    (placed,) = orders_of(app, "cus_gw_old")
    assert (placed.external_id, placed.promoter_id, placed.attributed_by) == (
        "in_gw_old_1", ana["id"], "click")


def test_an_older_api_versions_invoice_is_credited_and_its_refund_claws_back(
        app, client, clock, merchant):
    ana = _promoter(client, merchant)
    click_id = click(client, f"/r/{ana['code']}")
    paid = deliver_at(client, clock, merchant.id, "invoice.paid", invoice_before_2025_03_31(
        subscription_metadata={"goodword_click_id": click_id}), api_version=OLD_API_VERSION)
    assert outcome(paid) == "order_recorded"
    (placed,) = orders_of(app, "cus_gw_old")
    assert (placed.promoter_id, placed.attributed_by) == (ana["id"], "click")
    assert balance(client, merchant, ana["id"])["pending"] == 25
    # No invoice_payment.paid on these versions: the invoice's payment_intent names its charge.
    refunded = deliver_at(client, clock, merchant.id, "charge.refunded", charge_refunded(
        charge_id="ch_gw_old_1", intent_id="pi_gw_old_1", amount=2_500, refunded=2_500),
        api_version=OLD_API_VERSION)
    assert outcome(refunded) == "refund_applied"
    assert orders_of(app, "cus_gw_old")[0].refunded_amount == 2_500
    assert balance(client, merchant, ana["id"])["pending"] == 0
    assert_books_balance(client, merchant)


def test_an_older_invoices_discount_names_the_promoters_promotion_code(
        app, client, clock, merchant):
    ana = _promoter(client, merchant)
    _record_promotion_code(app, merchant, ana, "promo_gw_ana")
    discount = copy.deepcopy(DISCOUNT_BEFORE_2025_03_31)
    discount.update(id="di_gw_1", customer="cus_gw_old", promotion_code="promo_gw_ana")
    assert outcome(deliver_at(client, clock, merchant.id, "invoice.paid",
                              invoice_before_2025_03_31(discount=discount),
                              api_version=OLD_API_VERSION)) == "order_recorded"
    (placed,) = orders_of(app, "cus_gw_old")
    assert (placed.promoter_id, placed.attributed_by) == (ana["id"], "code")


def test_a_boleto_checkout_with_the_promoters_promotion_code_by_bare_id(
        app, client, clock, merchant):
    """Stripe never expands a webhook: `discounts[].promotion_code` is the promo_ id."""
    ana = _promoter(client, merchant)
    _record_promotion_code(app, merchant, ana, "promo_gw_ana")
    discounts = [{"coupon": "FRIEND10", "promotion_code": "promo_gw_ana"}]
    deliver_at(client, clock, merchant.id, "checkout.session.completed",
               delayed_checkout(method="boleto", currency="brl", discounts=discounts))
    clock.advance(days=3)
    assert outcome(deliver_at(client, clock, merchant.id,
                              "checkout.session.async_payment_succeeded",
                              delayed_checkout(payment_status="paid", method="boleto",
                                               currency="brl", discounts=discounts))
                   ) == "order_recorded"
    (placed,) = orders_of(app, "cus_gw_mia")
    assert (placed.promoter_id, placed.attributed_by, placed.currency) == (
        ana["id"], "code", "BRL")


def _record_promotion_code(app, merchant, promoter, promotion_code_id):
    """The promoter's code as POST /v1/promoters/{id}/stripe_promotion_code records it (made
    in Stripe through the fake in test_stripe_friend_codes; here only its record matters)."""
    with app.app_context():
        db.session.add(StripePromotionCode(
            merchant_id=merchant.id, promoter_id=promoter["id"], coupon="FRIEND10",
            promotion_code_id=promotion_code_id, code=promoter["code"],
            created_at=app.extensions["goodword_clock"].now() - timedelta(days=1)))
        db.session.commit()


ROUNDS = 12


def test_the_two_settling_events_at_once_make_one_order(app, client, merchant, on_postgres):
    """Checkout's async_payment_succeeded and its payment intent's payment_intent.succeeded
    arrive together (Stripe sends both, in any order): one order and one reward either way."""
    ana = _promoter(client, merchant)
    for n in range(ROUNDS):
        payment, customer = f"pi_gw_race_{n}", f"cus_gw_race_{n}"
        click_id = click(client, f"/r/{ana['code']}")
        session = dict(session_id=f"cs_gw_race_{n}", payment=payment, customer=customer,
                       client_reference_id=click_id)
        assert outcome(deliver(client, merchant.id, event(
            "checkout.session.completed", delayed_checkout(**session)))) == "payment_pending"
        answers = all_at_once(
            app,
            partial(deliver, merchant_id=merchant.id, stripe_event=event(
                "checkout.session.async_payment_succeeded",
                delayed_checkout(payment_status="paid", **session))),
            partial(deliver, merchant_id=merchant.id, stripe_event=event(
                "payment_intent.succeeded",
                delayed_payment_intent(intent_id=payment, customer=customer))),
        )
        outcomes = sorted(outcome(answer) for answer in answers)
        assert outcomes == ["duplicate_payment", "order_recorded"], (n, outcomes)
        (placed,) = orders_of(app, customer)
        assert (placed.promoter_id, placed.attributed_by) == (ana["id"], "click")
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Reward).where(
                Reward.order_id == placed.id)) == 1, n
    assert balance(client, merchant, ana["id"])["pending"] == 42 * ROUNDS
    assert_books_balance(client, merchant)


def test_one_settling_event_delivered_twice_at_once_makes_one_order(
        app, client, merchant, on_postgres):
    ana = _promoter(client, merchant)
    for n in range(ROUNDS):
        customer = f"cus_gw_twice_{n}"
        session = dict(session_id=f"cs_gw_twice_{n}", payment=f"pi_gw_twice_{n}",
                       customer=customer, client_reference_id=click(client, f"/r/{ana['code']}"))
        deliver(client, merchant.id, event("checkout.session.completed",
                                           delayed_checkout(**session)))
        settled = event("checkout.session.async_payment_succeeded",
                        delayed_checkout(payment_status="paid", **session))
        answers = all_at_once(app, *[partial(deliver, merchant_id=merchant.id, stripe_event=settled)
                               for _ in range(2)])
        assert sorted(answer.get_json()["duplicate"] for answer in answers) == [False, True]
        assert len(orders_of(app, customer)) == 1, n
    assert balance(client, merchant, ana["id"])["pending"] == 42 * ROUNDS
