"""POST /stripe/webhooks/<merchant>: Stripe events, signed as Stripe signs them, become orders
credited to promoters and refunds that claw back, each exactly once and in any order."""

import json
import logging

from sqlalchemy import func, select

from core.db import db
from referrals.stripe.models import StripeEvent
from rewards.orders.models import Order

from .stripe_support import (
    charge_refunded,
    checkout_session,
    connect,
    deliver,
    event,
    payment_intent,
    signature_header,
)
from .test_errors import error_of
from .test_orders import assert_books_balance, balance, make_rule
from .test_referrals import click, enroll, sign_up


def _rows(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _order(app, external_id) -> Order | None:
    with app.app_context():
        return db.session.scalars(select(Order).where(Order.external_id == external_id)).first()


def _promoter_with_rule(client, merchant):
    connect(client, merchant)
    make_rule(client, merchant)
    return enroll(client, merchant)


def test_a_checkout_with_a_click_id_is_credited_to_the_promoter(app, client, merchant):
    ana = _promoter_with_rule(client, merchant)
    click_id = click(client, f"/r/{ana['code']}")
    response = deliver(client, merchant.id, event(
        "checkout.session.completed", checkout_session(client_reference_id=click_id)))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["outcome"] == "order_recorded"
    placed = _order(app, "pi_test_1")
    assert (placed.promoter_id, placed.attributed_by, placed.amount, placed.currency) == (
        ana["id"], "click", 10_000, "USD")
    assert balance(client, merchant, ana["id"])["pending"] == 100
    assert_books_balance(client, merchant)


def test_a_payment_intent_with_a_token_in_metadata_is_credited(app, client, merchant):
    ana = _promoter_with_rule(client, merchant)
    token = ana["referral_url"].rsplit("/r/", 1)[1]
    deliver(client, merchant.id, event("payment_intent.succeeded",
                                       payment_intent(metadata={"goodword_token": token})))
    assert _order(app, "pi_test_1").attributed_by == "token"
    assert balance(client, merchant, ana["id"])["pending"] == 100


def test_a_promoters_promotion_code_at_checkout_credits_them(app, client, merchant):
    ana = _promoter_with_rule(client, merchant)
    discounts = [{"promotion_code": {"id": "promo_1", "object": "promotion_code",
                                     "code": ana["code"]}}]
    deliver(client, merchant.id, event("checkout.session.completed",
                                       checkout_session(discounts=discounts)))
    assert (_order(app, "pi_test_1").promoter_id, _order(app, "pi_test_1").attributed_by) == (
        ana["id"], "code")


def test_an_email_matching_an_approved_referral_credits_the_referral(app, client, merchant):
    ana = _promoter_with_rule(client, merchant)
    sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
            referee_external_id="shop-user-7", referee_email="Ben@Example.com")
    deliver(client, merchant.id, event("checkout.session.completed",
                                       checkout_session(customer="cus_ben",
                                                        email="ben@example.com")))
    placed = _order(app, "pi_test_1")
    assert (placed.attributed_by, placed.customer_external_id, placed.first_order) == (
        "referral", "shop-user-7", True)
    assert balance(client, merchant, ana["id"])["pending"] == 100


def test_a_customer_nobody_referred_is_recorded_ignored_and_logged(app, client, merchant,
                                                                   caplog):
    _promoter_with_rule(client, merchant)
    with caplog.at_level(logging.INFO, logger="referrals.stripe.events"):
        response = deliver(client, merchant.id, event("payment_intent.succeeded",
                                                      payment_intent(customer="cus_stranger")))
    assert response.status_code == 200
    assert response.get_json()["outcome"] == "ignored_unreferred"
    assert _order(app, "pi_test_1") is None
    assert _rows(app, StripeEvent) == 1
    assert "nobody referred" in caplog.text


def test_a_bad_signature_is_a_400_and_writes_nothing(app, client, merchant):
    ana = _promoter_with_rule(client, merchant)
    stripe_event = event("checkout.session.completed", checkout_session(
        client_reference_id=click(client, f"/r/{ana['code']}")))
    forged = deliver(client, merchant.id, stripe_event, secret="whsec_someoneElsesSecret1")
    assert forged.status_code == 400
    assert error_of(forged)["code"] == "stripe_signature_invalid"
    payload = json.dumps(stripe_event).encode()
    tampered = client.post(f"/stripe/webhooks/{merchant.id}",
                           data=payload.replace(b"10000", b"99999"),
                           headers={"Stripe-Signature": signature_header(payload)})
    unsigned = client.post(f"/stripe/webhooks/{merchant.id}", data=payload)
    assert (tampered.status_code, unsigned.status_code) == (400, 400)
    assert (_rows(app, StripeEvent), _rows(app, Order)) == (0, 0)


def test_a_stale_signature_is_refused_by_the_apps_clock(app, client, clock, merchant):
    _promoter_with_rule(client, merchant)
    signed_at = int(clock.now().timestamp())
    clock.advance(seconds=301)
    stale = deliver(client, merchant.id, event("payment_intent.succeeded", payment_intent()),
                    timestamp=signed_at)
    assert stale.status_code == 400
    assert error_of(stale)["code"] == "stripe_signature_stale"
    assert _rows(app, StripeEvent) == 0
    clock.advance(seconds=-2)  # 299 s old: still inside Stripe's 300 s tolerance
    fresh = deliver(client, merchant.id, event("payment_intent.succeeded", payment_intent()),
                    timestamp=signed_at)
    assert fresh.status_code == 200


def test_an_unknown_or_unconnected_merchant_is_refused(client, make_merchant):
    unconnected = make_merchant("Globex")
    stripe_event = event("payment_intent.succeeded", payment_intent())
    assert deliver(client, "mer_nobody", stripe_event).status_code == 404
    refused = deliver(client, unconnected.id, stripe_event)
    assert (refused.status_code, error_of(refused)["code"]) == (400, "stripe_not_connected")


def test_a_duplicate_event_changes_nothing(app, client, merchant):
    ana = _promoter_with_rule(client, merchant)
    stripe_event = event("checkout.session.completed", checkout_session(
        client_reference_id=click(client, f"/r/{ana['code']}")))
    first = deliver(client, merchant.id, stripe_event)
    again = deliver(client, merchant.id, stripe_event)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.get_json()["duplicate"] is True
    refund = event("charge.refunded", charge_refunded(refunded=4_000))
    deliver(client, merchant.id, refund)
    deliver(client, merchant.id, refund)
    assert (_rows(app, StripeEvent), _rows(app, Order)) == (2, 1)
    assert _order(app, "pi_test_1").refunded_amount == 4_000
    assert balance(client, merchant, ana["id"])["pending"] == 60


def test_the_payment_intent_and_its_checkout_session_make_one_order(app, client, merchant):
    ana = _promoter_with_rule(client, merchant)
    click_id = click(client, f"/r/{ana['code']}")
    deliver(client, merchant.id, event("checkout.session.completed",
                                       checkout_session(client_reference_id=click_id)))
    second = deliver(client, merchant.id, event(
        "payment_intent.succeeded", payment_intent(metadata={"goodword_click_id": click_id})))
    assert second.get_json()["outcome"] == "duplicate_payment"
    assert _rows(app, Order) == 1


def test_partial_refunds_use_stripes_cumulative_total_in_any_order(app, client, merchant):
    ana = _promoter_with_rule(client, merchant)
    deliver(client, merchant.id, event("checkout.session.completed", checkout_session(
        client_reference_id=click(client, f"/r/{ana['code']}"))))
    second = event("charge.refunded", charge_refunded(refunded=7_000,
                                                      refund_ids=("re_1", "re_2")))
    first = event("charge.refunded", charge_refunded(refunded=3_000, refund_ids=("re_1",)))
    assert deliver(client, merchant.id, second).get_json()["outcome"] == "refund_applied"
    # The older event, delivered late, reports a smaller total: already covered.
    assert deliver(client, merchant.id, first).get_json()["outcome"] == "refund_already_applied"
    assert _order(app, "pi_test_1").refunded_amount == 7_000
    assert balance(client, merchant, ana["id"])["pending"] == 30
    full = event("charge.refunded", charge_refunded(refunded=10_000,
                                                    refund_ids=("re_1", "re_2", "re_3")))
    assert deliver(client, merchant.id, full).get_json()["outcome"] == "refund_applied"
    assert _order(app, "pi_test_1").refunded_amount == 10_000
    assert balance(client, merchant, ana["id"])["pending"] == 0
    assert_books_balance(client, merchant)


def test_a_refund_before_its_payment_is_kept_and_applied_when_it_comes(app, client, merchant):
    ana = _promoter_with_rule(client, merchant)
    early = deliver(client, merchant.id, event("charge.refunded",
                                               charge_refunded(refunded=2_500)))
    assert (early.status_code, early.get_json()["outcome"]) == (200, "refund_deferred")
    deliver(client, merchant.id, event("checkout.session.completed", checkout_session(
        client_reference_id=click(client, f"/r/{ana['code']}"))))
    placed = _order(app, "pi_test_1")
    assert placed.refunded_amount == 2_500
    assert balance(client, merchant, ana["id"])["pending"] == 75  # 100 earned, 25 clawed back
    assert_books_balance(client, merchant)


def test_a_payment_the_books_cannot_take_is_kept_not_retried_forever(app, client, merchant):
    ana = _promoter_with_rule(client, merchant)
    session = checkout_session(client_reference_id=click(client, f"/r/{ana['code']}"))
    session["currency"] = "xyz"
    response = deliver(client, merchant.id, event("checkout.session.completed", session))
    assert response.status_code == 200
    assert response.get_json()["outcome"].startswith("rejected_")
    assert _rows(app, Order) == 0
