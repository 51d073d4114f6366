"""Friend discounts: a promoter's own Stripe promotion code on the merchant's friend coupon. The
friend saves at checkout, and the purchase naming the code (even by bare id) credits the
promoter. Codes are made through the fake (localstripe has no promotion codes), which checks
Stripe's documented parameters and honours idempotency keys."""

import json
import threading
import urllib.error

from sqlalchemy import func, select

from core.db import db
from referrals.stripe.models import StripePromotionCode
from rewards import stripe_gateway
from rewards.orders.models import Order
from tests.threads import join_all

from .merchant_world import snapshot
from .stripe_support import (
    SECRET_KEY,
    checkout_session,
    connect,
    deliver,
    event,
    localstripe_post,
)
from .test_errors import error_of
from .test_orders import assert_books_balance, balance, make_rule
from .test_referrals import enroll


def _friend_coupon(client, merchant, localstripe_url, coupon="FRIEND10"):
    """The merchant's coupon, made in (local)Stripe once for the whole session."""
    try:
        localstripe_post(localstripe_url, "/v1/coupons",
                         f"id={coupon}&percent_off=10&duration=once")
    except urllib.error.HTTPError as exists:
        assert exists.code == 409
    connect(client, merchant, stripe_friend_coupon=coupon)


def _promotion_code(client, merchant, promoter_id, **headers):
    return client.post(f"/v1/promoters/{promoter_id}/stripe_promotion_code", json={},
                       headers=merchant.headers(**headers))


def _made(fake_stripe) -> list[dict]:
    return [r for r in fake_stripe.requests
            if (r["method"], r["path"]) == ("POST", "/v1/promotion_codes")]


def _recorded(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StripePromotionCode))


def test_a_friend_using_the_promoters_code_is_credited_to_the_promoter(
        app, client, merchant, fake_stripe, localstripe_url):
    _friend_coupon(client, merchant, localstripe_url)
    assert client.get("/v1/merchant", headers=merchant.headers()).get_json()[
        "stripe_friend_coupon"] == "FRIEND10"
    make_rule(client, merchant)  # the promoter: 1 point per dollar
    make_rule(client, merchant, name="Friend bonus", beneficiary="referee",
              reward={"type": "fixed_points", "value": 50})
    ana = enroll(client, merchant)
    made = _promotion_code(client, merchant, ana["id"])
    assert made.status_code == 201, made.get_json()
    code = made.get_json()
    assert (code["object"], code["promoter"], code["coupon"], code["code"]) == (
        "stripe_promotion_code", ana["id"], "FRIEND10", ana["code"])
    (request,) = _made(fake_stripe)
    assert request["params"]["promotion"] == {"type": "coupon", "coupon": "FRIEND10"}
    assert request["params"]["metadata"] == {"goodword_promoter": ana["id"]}
    assert request["idempotency_key"] == f"goodword-{ana['id']}-friend-FRIEND10"
    again = _promotion_code(client, merchant, ana["id"])
    assert (again.status_code, again.get_json()["id"]) == (200, code["id"])
    assert len(_made(fake_stripe)) == 1
    # Ben pays at Checkout with Ana's code: Stripe's event names the promotion code by id.
    discounts = [{"coupon": "FRIEND10", "promotion_code": code["id"]}]
    response = deliver(client, merchant.id, event("checkout.session.completed", checkout_session(
        customer="cus_ben", email="ben@example.com", amount=9_000, discounts=discounts)))
    assert response.get_json()["outcome"] == "order_recorded"
    with app.app_context():
        placed = db.session.scalars(select(Order)).one()
        assert (placed.promoter_id, placed.attributed_by) == (ana["id"], "code")
    assert balance(client, merchant, ana["id"])["pending"] == 90
    ben = client.get("/v1/promoters?external_id=cus_ben", headers=merchant.headers()).get_json()
    assert balance(client, merchant, ben["data"][0]["id"])["pending"] == 50
    assert_books_balance(client, merchant)


def test_a_code_stripe_made_but_never_recorded_is_found_again(
        app, client, merchant, fake_stripe, localstripe_url):
    """The process died after Stripe made the code: the retry's idempotency key is the same,
    so Stripe answers with that code and exactly one exists."""
    _friend_coupon(client, merchant, localstripe_url)
    ana = enroll(client, merchant)
    lost = stripe_gateway.create_friend_promotion_code(
        secret_key=SECRET_KEY, api_base=fake_stripe.url, promoter_id=ana["id"],
        coupon="FRIEND10", code=ana["code"])
    made = _promotion_code(client, merchant, ana["id"])
    assert (made.status_code, made.get_json()["id"]) == (201, lost.object_id)
    assert len(fake_stripe.promotion_codes) == 1
    # Past Stripe's 24 hours the key is forgotten: the code itself is found by its metadata.
    fake_stripe._idempotent.clear()
    with app.app_context():
        db.session.execute(StripePromotionCode.__table__.delete())
        db.session.commit()
    again = _promotion_code(client, merchant, ana["id"])
    assert (again.status_code, again.get_json()["id"]) == (201, lost.object_id)
    assert len(fake_stripe.promotion_codes) == 1


def test_refusals_are_error_objects_and_record_nothing(
        app, client, merchant, make_merchant, fake_stripe, localstripe_url):
    ana = enroll(client, merchant)
    unconnected = _promotion_code(client, merchant, ana["id"])
    assert (unconnected.status_code, error_of(unconnected)["code"]) == (400,
                                                                       "stripe_not_connected")
    connect(client, merchant)
    no_coupon = _promotion_code(client, merchant, ana["id"])
    assert (no_coupon.status_code, error_of(no_coupon)["code"]) == (
        400, "stripe_friend_coupon_missing")
    bad = client.patch("/v1/merchant", json={"stripe_friend_coupon": "no spaces"},
                       headers=merchant.headers())
    assert (bad.status_code, error_of(bad)["param"]) == (400, "stripe_friend_coupon")
    connect(client, merchant, stripe_friend_coupon="NOSUCHCOUPON")
    refused = _promotion_code(client, merchant, ana["id"])
    assert (refused.status_code, error_of(refused)["code"]) == (400, "stripe_refused")
    other = make_merchant("Globex")
    assert _promotion_code(client, other, ana["id"]).status_code == 404
    assert _recorded(app) == 0


def test_stripe_unreachable_is_a_503_and_a_retry_makes_the_code(
        app, client, merchant, fake_stripe, localstripe_url):
    _friend_coupon(client, merchant, localstripe_url)
    ana = enroll(client, merchant)
    app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"  # nothing listens on discard
    down = _promotion_code(client, merchant, ana["id"])
    assert (down.status_code, error_of(down)["code"]) == (503, "stripe_unavailable")
    assert _recorded(app) == 0
    app.config["STRIPE_API_BASE"] = fake_stripe.url
    assert _promotion_code(client, merchant, ana["id"]).status_code == 201
    assert _recorded(app) == 1


def test_concurrent_requests_make_one_code(app, client, merchant, fake_stripe, localstripe_url,
                                           on_postgres):
    _friend_coupon(client, merchant, localstripe_url)
    ana = enroll(client, merchant)
    answers = []
    start = threading.Barrier(6)

    def ask():
        start.wait()
        response = _promotion_code(app.test_client(), merchant, ana["id"])
        answers.append((response.status_code, response.get_json().get("id")))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    join_all(threads, 60)
    assert len(answers) == 6
    assert {status for status, _ in answers} <= {200, 201}, answers
    assert len({promotion for _, promotion in answers}) == 1
    assert sorted(status for status, _ in answers).count(201) >= 1
    assert _recorded(app) == 1
    assert len(fake_stripe.promotion_codes) == 1


def test_erasure_forgets_the_promotion_code_that_spelled_the_name(
        app, client, merchant, fake_stripe, localstripe_url):
    _friend_coupon(client, merchant, localstripe_url)
    ana = enroll(client, merchant, name="Anabela Lima")
    assert ana["code"].startswith("ANABEL")
    made = _promotion_code(client, merchant, ana["id"]).get_json()
    assert made["code"] == ana["code"]
    assert client.delete(f"/v1/promoters/{ana['id']}",
                         headers=merchant.headers()).status_code == 200
    stored = json.dumps(snapshot(app))
    assert ana["code"] not in stored and "ANABEL" not in stored


def _set(client, merchant, promoter_id, action):
    if action == "erase":
        answer = client.delete(f"/v1/promoters/{promoter_id}", headers=merchant.headers())
    else:
        answer = client.post(f"/v1/promoters/{promoter_id}/{action}", json={},
                             headers=merchant.headers())
    assert answer.status_code == 200, answer.get_json()


def test_the_friend_code_follows_each_block_and_unblock_in_stripe(
        client, merchant, fake_stripe, localstripe_url):
    _friend_coupon(client, merchant, localstripe_url)
    ana = enroll(client, merchant)
    code = _promotion_code(client, merchant, ana["id"]).get_json()
    # Blocked twice: the second block is a new change, not a replay of the first one's answer.
    for action, active in [("block", False), ("unblock", True), ("block", False)]:
        _set(client, merchant, ana["id"], action)
        assert fake_stripe.promotion_codes[code["id"]]["active"] is active, action


def test_an_erased_promoters_friend_code_stops_discounting(
        client, merchant, fake_stripe, localstripe_url):
    _friend_coupon(client, merchant, localstripe_url)
    ana = enroll(client, merchant)
    code = _promotion_code(client, merchant, ana["id"]).get_json()
    _set(client, merchant, ana["id"], "erase")
    assert fake_stripe.promotion_codes[code["id"]]["active"] is False


def test_a_block_stripe_missed_is_told_again_by_retry_payouts(
        app, client, merchant, fake_stripe, localstripe_url):
    _friend_coupon(client, merchant, localstripe_url)
    ana = enroll(client, merchant)
    code = _promotion_code(client, merchant, ana["id"]).get_json()
    app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"  # nothing listens on discard
    _set(client, merchant, ana["id"], "block")  # the block stands; Stripe is told later
    assert fake_stripe.promotion_codes[code["id"]]["active"] is True
    runner = app.test_cli_runner()
    assert "friend codes: 0 synced, 1 due" in runner.invoke(args=["retry-payouts"]).output
    app.config["STRIPE_API_BASE"] = fake_stripe.url
    assert "friend codes: 1 synced, 0 due" in runner.invoke(args=["retry-payouts"]).output
    assert fake_stripe.promotion_codes[code["id"]]["active"] is False
    assert "friend codes: 0 synced, 0 due" in runner.invoke(args=["retry-payouts"]).output
