"""Redemptions paid out through Stripe: a one-time coupon with a promotion code, or customer
balance credit. Hold, call Stripe with keys derived from the redemption id, then post; a crash
in between is repaired by `goodword retry-payouts` with exactly one Stripe object and posting."""

import pytest
from sqlalchemy import func, select

from core.db import db
from referrals.stripe import payouts
from rewards.ledger.models import LedgerTransaction

from .stripe_support import connect, localstripe_get, localstripe_post
from .test_errors import error_of
from .test_orders import assert_books_balance, balance, make_rule, order
from .test_referrals import click, enroll, sign_up


@pytest.fixture
def earned(client, clock, merchant):
    return earn_points(client, clock, merchant, "cus_ana")


def earn_points(client, clock, merchant, external_id):
    """Ana has 100 available points (worth $5.00 at 5 cents a point)."""
    client.patch("/v1/merchant", json={"point_value": 5}, headers=merchant.headers())
    ana = enroll(client, merchant, external_id=external_id)
    sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
            referee_external_id="cus_ben", referee_email="ben@example.com")
    make_rule(client, merchant)
    order(client, merchant, amount=10_000)
    clock.advance(days=14)
    client.application.test_cli_runner().invoke(args=["mature"])
    assert balance(client, merchant, ana["id"])["available"] == 100
    return ana


def redeem(client, merchant, promoter_id, points=60, **headers):
    return client.post("/v1/redemptions", json={"promoter": promoter_id, "points": points,
                                                "reward_kind": "stripe"},
                       headers=merchant.headers(**headers))


def postings(app, kind) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LedgerTransaction)
                                 .where(LedgerTransaction.kind == kind))


def test_a_redemption_becomes_a_one_time_promotion_code(client, merchant, earned, fake_stripe):
    connect(client, merchant)
    response = redeem(client, merchant, earned["id"])
    assert response.status_code == 201, response.get_json()
    redemption = response.get_json()
    assert (redemption["status"], redemption["reward_kind"], redemption["credit_amount"]) == (
        "issued", "promotion_code", 300)
    (promotion,) = fake_stripe.promotion_codes.values()
    assert (redemption["stripe_object"], redemption["promotion_code"]) == (
        promotion["id"], promotion["code"])
    assert promotion["max_redemptions"] == 1
    coupon = localstripe_get(fake_stripe.localstripe_url,
                             f"/v1/coupons/{promotion['promotion']['coupon']}")
    assert (coupon["amount_off"], coupon["currency"], coupon["duration"]) == (300, "usd", "once")
    assert balance(client, merchant, earned["id"])["available"] == 40
    assert_books_balance(client, merchant)


def test_a_coupon_in_kronur_is_written_as_stripe_writes_kronur(client, clock, merchant,
                                                               fake_stripe):
    # Stripe takes ISK with two decimals that are always 00: 300 ISK is 30000 there.
    assert client.patch("/v1/merchant", json={"currency": "ISK", "point_value": 5},
                        headers=merchant.headers()).status_code == 200
    ana = enroll(client, merchant, external_id="cus_ana")
    sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
            referee_external_id="cus_ben", referee_email="ben@example.com")
    make_rule(client, merchant)  # 1 point per krona
    assert order(client, merchant, amount=100, currency="ISK").status_code == 201
    clock.advance(days=14)
    client.application.test_cli_runner().invoke(args=["mature"])
    connect(client, merchant)
    redemption = redeem(client, merchant, ana["id"]).get_json()
    assert (redemption["status"], redemption["credit_amount"]) == ("issued", 300), redemption
    (promotion,) = fake_stripe.promotion_codes.values()
    coupon = localstripe_get(fake_stripe.localstripe_url,
                             f"/v1/coupons/{promotion['promotion']['coupon']}")
    assert (coupon["amount_off"], coupon["currency"]) == (30_000, "isk")


def test_customer_balance_credit_for_a_stripe_customer(client, clock, merchant, fake_stripe):
    customer = localstripe_post(fake_stripe.localstripe_url, "/v1/customers",
                                "email=ana%40example.com")
    ana = earn_points(client, clock, merchant, customer["id"])
    connect(client, merchant, stripe_payout="customer_balance")
    redemption = redeem(client, merchant, ana["id"]).get_json()
    assert redemption["status"] == "issued", redemption
    (credit,) = fake_stripe.balance_transactions.values()
    assert (credit["id"], credit["customer"], credit["amount"], credit["currency"]) == (
        redemption["stripe_object"], customer["id"], -300, "usd")


def test_without_stripe_connected_nothing_is_held(client, merchant, earned):
    refused = redeem(client, merchant, earned["id"])
    assert (refused.status_code, error_of(refused)["code"]) == (400, "stripe_not_connected")
    assert balance(client, merchant, earned["id"])["available"] == 100
    store_credit = client.post("/v1/redemptions", json={"promoter": earned["id"], "points": 10},
                               headers=merchant.headers())
    assert store_credit.get_json()["status"] == "issued"


def test_stripe_refusing_releases_the_points(client, merchant, earned, fake_stripe):
    connect(client, merchant, stripe_payout="customer_balance")
    # Ana's external id is a Stripe customer id that Stripe does not know.
    redemption = redeem(client, merchant, earned["id"]).get_json()
    assert redemption["status"] == "failed"
    assert "Stripe refused" in redemption["failure_reason"]
    assert balance(client, merchant, earned["id"])["available"] == 100
    assert_books_balance(client, merchant)


def test_a_crash_after_the_stripe_call_is_repaired_once(app, client, clock, merchant, earned,
                                                        fake_stripe, monkeypatch):
    connect(client, merchant)
    real_call = payouts._call_stripe

    def call_then_die(call, api_base):
        real_call(call, api_base)
        raise RuntimeError("the process died before recording Stripe's answer")

    monkeypatch.setattr(payouts, "_call_stripe", call_then_die)
    crashed = redeem(client, merchant, earned["id"], **{"Idempotency-Key": "redeem-1"})
    assert crashed.status_code == 500
    assert balance(client, merchant, earned["id"])["held"] == 60  # the hold was committed
    replay = redeem(client, merchant, earned["id"], **{"Idempotency-Key": "redeem-1"})
    assert (replay.status_code, error_of(replay)["code"]) == (409, "idempotency_in_progress")
    monkeypatch.setattr(payouts, "_call_stripe", real_call)

    runner = app.test_cli_runner()
    assert "0 issued" in runner.invoke(args=["retry-payouts"]).output  # too recent to touch
    clock.advance(minutes=3)
    assert "1 issued" in runner.invoke(args=["retry-payouts"]).output
    assert "0 issued" in runner.invoke(args=["retry-payouts"]).output  # nothing left held

    assert len(fake_stripe.promotion_codes) == 1  # the retry was answered, not made again
    calls = [r for r in fake_stripe.requests if r["path"] == "/v1/promotion_codes"]
    assert len(calls) == 2 and len({r["idempotency_key"] for r in calls}) == 1
    coupons = localstripe_get(fake_stripe.localstripe_url, "/v1/coupons?limit=100")["data"]
    (promotion,) = fake_stripe.promotion_codes.values()
    assert [c["id"] for c in coupons].count(promotion["promotion"]["coupon"]) == 1
    assert (postings(app, "redeem_hold"), postings(app, "redeem_post")) == (1, 1)
    assert balance(client, merchant, earned["id"])["held"] == 0
    assert_books_balance(client, merchant)
