"""A Stripe call that times out after Stripe did the work: the payout is never lost and never
doubled. Stripe is localstripe (plus the payouts fake) behind a proxy that answers late."""

from tests.support.orders import assert_books_balance, balance
from tests.support.payouts import earn_points, postings, redeem
from tests.support.stripe import connect, localstripe_get


def coupons_for(fake_stripe, promotion: dict) -> int:
    coupons = localstripe_get(fake_stripe.localstripe_url, "/v1/coupons?limit=100")["data"]
    return [c["id"] for c in coupons].count(promotion["promotion"]["coupon"])


def test_a_timed_out_call_is_retried_with_its_key_and_pays_once(
        app, client, clock, merchant, fake_stripe, slow_stripe):
    ana = earn_points(client, clock, merchant, "cus_ana")
    connect(client, merchant)
    proxy = slow_stripe(slow_calls=1)  # the coupon is made, its answer lost

    redemption = redeem(client, merchant, ana["id"]).get_json()

    assert redemption["status"] == "issued", redemption
    coupon_calls = [c for c in proxy.calls if c["path"] == "/v1/coupons"]
    assert len(coupon_calls) >= 2 and len({c["idempotency_key"] for c in coupon_calls}) == 1
    (promotion,) = fake_stripe.promotion_codes.values()
    assert redemption["stripe_object"] == promotion["id"]
    assert coupons_for(fake_stripe, promotion) == 1
    assert (postings(app, "redeem_hold"), postings(app, "redeem_post")) == (1, 1)
    assert balance(client, merchant, ana["id"])["available"] == 40
    assert_books_balance(client, merchant)


def test_stripe_too_slow_leaves_a_held_payout_that_retry_payouts_finishes_once(
        app, client, clock, merchant, fake_stripe, slow_stripe):
    ana = earn_points(client, clock, merchant, "cus_ana")
    connect(client, merchant)
    # The Stripe client's three attempts all time out; Stripe made the coupon on the first.
    proxy = slow_stripe(slow_calls=3)

    response = redeem(client, merchant, ana["id"], **{"Idempotency-Key": "redeem-slow"})

    assert response.status_code == 201, response.get_json()
    held = response.get_json()
    assert (held["status"], held["stripe_object"]) == ("held", None)
    assert [c["path"] for c in proxy.calls] == ["/v1/coupons"] * 3
    assert balance(client, merchant, ana["id"])["held"] == 60
    assert postings(app, "redeem_post") == 0
    replay = redeem(client, merchant, ana["id"], **{"Idempotency-Key": "redeem-slow"})
    assert replay.get_json() == held  # the same held redemption, not a second one

    runner = app.test_cli_runner()
    clock.advance(minutes=3)
    assert "1 issued" in runner.invoke(args=["retry-payouts"]).output
    assert "0 issued" in runner.invoke(args=["retry-payouts"]).output

    issued = client.get(f"/v1/redemptions/{held['id']}", headers=merchant.headers()).get_json()
    (promotion,) = fake_stripe.promotion_codes.values()
    assert (issued["status"], issued["stripe_object"]) == ("issued", promotion["id"])
    assert coupons_for(fake_stripe, promotion) == 1
    assert (postings(app, "redeem_hold"), postings(app, "redeem_post")) == (1, 1)
    assert balance(client, merchant, ana["id"])["held"] == 0
    assert balance(client, merchant, ana["id"])["available"] == 40
    assert_books_balance(client, merchant)
