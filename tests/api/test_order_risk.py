"""Risk on orders and Stripe purchases (referrals/signups/order_risk.py): each order signal
firing and its honest look-alike, holds released or rejected by a decision, and the clawback of
an order's referral rewards when its referral is rejected after paying.

Defaults: held at a score of 40, rejected at 80, as signups are.
"""

import threading
from collections import Counter

from tests.support.errors import error_of
from tests.support.orders import assert_books_balance, balance, make_rule, order
from tests.support.races import all_at_once
from tests.support.referrals import click, enroll, sign_up
from tests.support.stripe import connect, deliver, event, payment_intent
from tests.threads import join_all

CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/131.0.0.0 Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
          "like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")


def ana_with_rule(client, merchant, **evidence) -> dict:
    """Ana, enrolled by the shop from her own browser; a rule pays her 1 point per dollar."""
    ana = enroll(client, merchant, **evidence)
    make_rule(client, merchant)
    return ana


def placed(client, merchant, **fields) -> dict:
    response = order(client, merchant, **fields)
    assert response.status_code == 201, response.get_json()
    return client.get(f"/v1/orders/{response.get_json()['id']}",
                      headers=merchant.headers()).get_json()


def codes(order_body: dict) -> list[str]:
    return [reason["code"] for reason in order_body["risk_reasons"] or []]


def mature(client, clock) -> None:
    clock.advance(days=31)
    client.application.test_cli_runner().invoke(args=["mature"])


# --- the promoter's own device, held until a person decides ---------------------------------

def test_an_order_from_the_promoters_device_is_held_until_approved(client, clock, merchant):
    ana = ana_with_rule(client, merchant, ip="81.2.69.10", user_agent=CHROME, device_id="dev-ana")
    held = placed(client, merchant, code=ana["code"], customer="cus_ben", ip="92.40.1.7",
                  user_agent=IPHONE, device_id="dev-ana")
    assert (held["promoter"], held["risk_status"], codes(held)) == (
        ana["id"], "pending_review", ["same_device_as_promoter"])
    assert "ordered on a device the promoter uses" in held["risk_reasons"][0]["message"]
    queue = client.get("/v1/orders?risk_status=pending_review", headers=merchant.headers())
    assert [item["id"] for item in queue.get_json()["data"]] == [held["id"]]
    mature(client, clock)  # the hold period passes: still pending, not spendable
    assert (balance(client, merchant, ana["id"])["pending"],
            balance(client, merchant, ana["id"])["available"]) == (100, 0)
    approved = client.post(f"/v1/orders/{held['id']}/approve", json={"note": "her sister"},
                           headers=merchant.headers())
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["risk_status"] == "approved"
    assert approved.get_json()["risk_reasons"][-1]["code"] == "credit_approved"
    mature(client, clock)
    assert balance(client, merchant, ana["id"])["available"] == 100
    again = client.post(f"/v1/orders/{held['id']}/approve", json={}, headers=merchant.headers())
    assert (again.status_code, error_of(again)["code"]) == (409, "order_not_in_review")
    assert_books_balance(client, merchant)


def test_a_friend_on_their_own_device_and_network_is_credited(client, clock, merchant):
    ana = ana_with_rule(client, merchant, ip="81.2.69.10", user_agent=CHROME, device_id="dev-ana")
    friend = placed(client, merchant, code=ana["code"], customer="cus_ben", ip="92.40.1.7",
                    user_agent=CHROME, device_id="dev-ben")
    assert (friend["promoter"], friend["risk_status"], friend["risk_score"],
            friend["risk_reasons"]) == (ana["id"], "approved", 0, [])
    mature(client, clock)
    assert balance(client, merchant, ana["id"])["available"] == 100


def test_a_held_order_rejected_pays_no_referral_reward(client, merchant):
    ana = ana_with_rule(client, merchant, device_id="dev-ana")
    make_rule(client, merchant, name="Cashback", beneficiary="customer")
    held = placed(client, merchant, code=ana["code"], customer="cus_ben", device_id="dev-ana")
    rejected = client.post(f"/v1/orders/{held['id']}/reject", json={"note": "same person"},
                           headers=merchant.headers())
    assert rejected.status_code == 200, rejected.get_json()
    body = rejected.get_json()
    assert (body["risk_status"], body["risk_reasons"][-1]["code"]) == (
        "rejected", "credit_rejected")
    assert "same person" in body["risk_reasons"][-1]["message"]
    assert balance(client, merchant, ana["id"])["pending"] == 0
    # The buyer's own points for buying stay: only the referral's rewards are taken back.
    assert {reward["beneficiary"]: reward["amount"] - reward["clawed_back_by_refunds"]
            for reward in body["rewards"]} == {"referrer": 0, "customer": 100}
    assert_books_balance(client, merchant)


# --- signals that only an order has --------------------------------------------------------

def test_a_customer_who_ordered_before_is_not_a_friend(client, clock, merchant):
    ana = ana_with_rule(client, merchant)
    placed(client, merchant, external_id="o-old", customer="cus_old")
    clock.advance(days=40)
    claimed = placed(client, merchant, external_id="o-new", customer="cus_old", code=ana["code"])
    assert (claimed["promoter"], claimed["attribution_refusal"], claimed["risk_status"]) == (
        None, "risk_rejected", "rejected")
    assert codes(claimed) == ["existing_customer", "credit_rejected"]
    assert "o-old" not in claimed["risk_reasons"][0]["message"]  # names Goodword's order id
    assert "customer since" in claimed["risk_reasons"][0]["message"]
    assert ana["id"] in claimed["risk_reasons"][-1]["message"]
    assert balance(client, merchant, ana["id"])["pending"] == 0


def test_a_friends_second_order_with_the_code_is_not_an_existing_customer(client, clock,
                                                                          merchant):
    ana = ana_with_rule(client, merchant)
    placed(client, merchant, external_id="o-1", customer="cus_ben", code=ana["code"])
    clock.advance(days=40)
    second = placed(client, merchant, external_id="o-2", customer="cus_ben", code=ana["code"])
    assert (second["risk_status"], second["risk_reasons"]) == ("approved", [])


def test_a_click_seconds_before_checkout_is_held(client, clock, merchant):
    ana = ana_with_rule(client, merchant)
    injected = click(client, f"/r/{ana['code']}")
    clock.advance(seconds=4)
    held = placed(client, merchant, click_id=injected)
    assert (held["risk_status"], codes(held)) == ("pending_review", ["click_seconds_before_signup"])
    assert "before the order" in held["risk_reasons"][0]["message"]
    browsed = click(client, f"/r/{ana['code']}")
    clock.advance(minutes=12)
    honest = placed(client, merchant, external_id="o-2", customer="cus_cy", click_id=browsed)
    assert (honest["risk_status"], honest["risk_reasons"]) == ("approved", [])


def test_one_device_buying_for_several_accounts_is_held_then_rejected(client, merchant):
    ana = ana_with_rule(client, merchant)
    statuses = [placed(client, merchant, external_id=f"o-{n}", customer=f"cus_{n}",
                       code=ana["code"], device_id="dev-farm")["risk_status"] for n in range(3)]
    assert statuses == ["approved", "pending_review", "rejected"]
    # A family ordering on separate devices is three friends.
    family = [placed(client, merchant, external_id=f"f-{n}", customer=f"fam_{n}",
                     code=ana["code"], device_id=f"dev-{n}")["risk_status"] for n in range(3)]
    assert family == ["approved"] * 3


# --- the referral under review, or rejected ------------------------------------------------

def held_referral(client, merchant, ana, friend="cus_ben") -> dict:
    referral = sign_up(client, merchant, code=ana["code"], referee_external_id=friend,
                       referee_email=f"{friend}@yopmail.com").get_json()
    assert referral["status"] == "pending_review"
    return referral


def test_an_order_of_a_friend_under_review_waits_for_the_referral(client, clock, merchant):
    ana = ana_with_rule(client, merchant)
    referral = held_referral(client, merchant, ana)
    held = placed(client, merchant, customer="cus_ben")
    assert (held["promoter"], held["referral"], held["risk_status"], codes(held)) == (
        ana["id"], referral["id"], "pending_review", ["referral_under_review"])
    client.post(f"/v1/referrals/{referral['id']}/approve", json={}, headers=merchant.headers())
    released = client.get(f"/v1/orders/{held['id']}", headers=merchant.headers()).get_json()
    assert (released["risk_status"], codes(released)[-1]) == ("approved", "referral_approved")
    mature(client, clock)
    assert balance(client, merchant, ana["id"])["available"] == 100


def test_a_rejected_referrals_friend_ordering_with_the_code_pays_nothing(client, merchant):
    ana = ana_with_rule(client, merchant)
    referral = held_referral(client, merchant, ana)
    client.post(f"/v1/referrals/{referral['id']}/reject", json={}, headers=merchant.headers())
    claimed = placed(client, merchant, customer="cus_ben", code=ana["code"])
    assert (claimed["promoter"], claimed["risk_status"], codes(claimed)) == (
        None, "rejected", ["referral_rejected", "credit_rejected"])
    assert balance(client, merchant, ana["id"])["pending"] == 0


# --- clawback ------------------------------------------------------------------------------

def test_rejecting_a_referral_after_its_points_were_spent_leaves_debt(client, clock, merchant):
    ana = ana_with_rule(client, merchant)
    referral = sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
                       referee_external_id="cus_ben", referee_email="ben@example.com").get_json()
    assert referral["status"] == "approved"
    paid = placed(client, merchant, customer="cus_ben", amount=100_00)
    assert paid["risk_status"] == "approved"
    mature(client, clock)
    spent = client.post("/v1/redemptions", json={"promoter": ana["id"], "points": 60},
                        headers=merchant.headers())
    assert spent.status_code == 201, spent.get_json()
    assert balance(client, merchant, ana["id"])["available"] == 40
    stale = client.post(f"/v1/referrals/{referral['id']}/reject", json={},
                        headers=merchant.headers())
    assert stale.status_code == 409  # an approved referral is rejected only on purpose
    rejected = client.post(f"/v1/referrals/{referral['id']}/reject",
                           json={"note": "a farm", "revoke": True}, headers=merchant.headers())
    assert rejected.status_code == 200, rejected.get_json()
    after = balance(client, merchant, ana["id"])
    # Refunds' rule: what is left is taken, the rest is owed from future earnings.
    assert (after["pending"], after["available"], after["debt"]) == (0, 0, -60)
    body = client.get(f"/v1/orders/{paid['id']}", headers=merchant.headers()).get_json()
    assert (body["risk_status"], codes(body)[-1]) == ("rejected", "referral_rejected")
    assert [r["clawed_back_by_refunds"] for r in body["rewards"]] == [100]
    history = client.get(f"/v1/promoters/{ana['id']}/ledger_transactions",
                         headers=merchant.headers()).get_json()["data"]
    assert (history[0]["kind"], history[0]["cause_type"]) == ("clawback", "order")
    # Rejected once: a refund of the order afterwards takes nothing more.
    refunded = client.post(f"/v1/orders/{paid['id']}/refunds",
                           json={"amount": 100_00, "external_id": "re_1"},
                           headers=merchant.headers())
    assert refunded.status_code == 201
    assert balance(client, merchant, ana["id"])["debt"] == -60
    assert_books_balance(client, merchant)


# --- Stripe: the card fingerprint ----------------------------------------------------------

def paid_with(card: str, **fields) -> dict:
    intent = payment_intent(**fields)
    intent["latest_charge"] = {"id": "ch_1", "object": "charge", "payment_method_details": {
        "type": "card", "card": {"brand": "visa", "last4": "4242", "fingerprint": card}}}
    return intent


def test_a_referred_stripe_purchase_paid_with_the_promoters_card_pays_nothing(app, client,
                                                                              merchant):
    connect(client, merchant)
    ana = ana_with_rule(client, merchant, external_id="cus_ana")
    own = deliver(client, merchant.id, event("payment_intent.succeeded", paid_with(
        "fpAnaVisa", intent_id="pi_ana", customer="cus_ana")))
    assert own.get_json()["outcome"] == "ignored_unreferred"  # her card is remembered
    deliver(client, merchant.id, event("payment_intent.succeeded", paid_with(
        "fpAnaVisa", intent_id="pi_ghost", customer="cus_ghost",
        metadata={"goodword_code": ana["code"]})))
    ghost = client.get("/v1/orders?stripe_payment_intent=pi_ghost",
                       headers=merchant.headers()).get_json()["data"][0]
    assert (ghost["promoter"], ghost["attribution_refusal"], codes(ghost)) == (
        None, "risk_rejected", ["same_card_as_promoter", "credit_rejected"])
    assert balance(client, merchant, ana["id"])["pending"] == 0
    # A friend's own card is a friend.
    deliver(client, merchant.id, event("payment_intent.succeeded", paid_with(
        "fpBenMaster", intent_id="pi_ben", customer="cus_ben",
        metadata={"goodword_code": ana["code"]})))
    ben = client.get("/v1/orders?stripe_payment_intent=pi_ben",
                     headers=merchant.headers()).get_json()["data"][0]
    assert (ben["promoter"], ben["risk_status"], ben["risk_reasons"]) == (
        ana["id"], "approved", [])
    assert balance(client, merchant, ana["id"])["pending"] == 100
    # The fingerprint itself is never kept: only its keyed hash.
    from core.db import db
    from rewards.orders.models import Order

    with app.app_context():
        kept = db.session.get(Order, ben["id"]).card_hash
    assert kept and "fpBen" not in kept and len(kept) == 64


def test_one_card_paying_for_several_referred_accounts_is_caught(client, merchant):
    connect(client, merchant)
    ana = ana_with_rule(client, merchant)
    for n in range(3):
        deliver(client, merchant.id, event("payment_intent.succeeded", paid_with(
            "fpFarm", intent_id=f"pi_{n}", customer=f"cus_{n}",
            metadata={"goodword_code": ana["code"]})))
    statuses = [client.get(f"/v1/orders?stripe_payment_intent=pi_{n}",
                           headers=merchant.headers()).get_json()["data"][0]["risk_status"]
                for n in range(3)]
    assert statuses == ["approved", "pending_review", "rejected"]


# --- PostgreSQL: orders sent at once see each other; a rejection racing an order ------------

def test_orders_from_one_device_sent_at_once_are_judged_one_by_one(app, client, merchant,
                                                                  on_postgres):
    """Five accounts ordering at once from one device with one promoter's code: judged as one
    by one (approved, held, then rejected). Without the promoter's order lock (checked by
    hand) each reads no earlier order and all five are approved."""
    ana = ana_with_rule(client, merchant)
    barrier = threading.Barrier(5)
    answers: list = [None] * 5

    def send(n: int) -> None:
        local = app.test_client()
        barrier.wait()
        answers[n] = order(local, merchant, external_id=f"o-{n}", customer=f"cus_{n}",
                           code=ana["code"], device_id="dev-farm")

    threads = [threading.Thread(target=send, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    join_all(threads, 60)
    assert [answer.status_code for answer in answers] == [201] * 5
    outcome = Counter(answer.get_json()["risk_status"] for answer in answers)
    assert outcome == Counter({"approved": 1, "pending_review": 1, "rejected": 3})
    assert_books_balance(client, merchant)


def test_a_rejection_racing_an_order_of_its_friend_never_leaves_the_reward(app, client, merchant,
                                                                         on_postgres):
    """Whichever wins, the promoter keeps nothing for a rejected referral's order: the order
    first, and the rejection takes its reward back; the rejection first, and the order is not
    credited. Without the order's lock on the referral (checked by hand) the order can pay
    after the rejection looked for its orders."""
    make_rule(client, merchant)
    promoters = []
    for n in range(6):  # a promoter each: one promoter's friends in a burst would be held
        promoter = enroll(client, merchant, external_id=f"pro_{n}", email=f"p{n}@example.com")
        promoters.append(promoter)
        referral = sign_up(client, merchant, code=promoter["code"],
                           referee_external_id=f"cus_{n}",
                           referee_email=f"friend{n}@example.com").get_json()
        assert referral["status"] == "approved"
        rejected, bought = all_at_once(
            app,
            lambda local, referral_id=referral["id"]: local.post(
                f"/v1/referrals/{referral_id}/reject", json={"revoke": True},
                headers=merchant.headers()),
            lambda local, n=n: order(local, merchant, external_id=f"o-{n}",
                                     customer=f"cus_{n}"))
        assert (rejected.status_code, bought.status_code) == (200, 201)
        body = client.get(f"/v1/orders/{bought.get_json()['id']}",
                          headers=merchant.headers()).get_json()
        assert body["promoter"] is None or body["risk_status"] == "rejected", body
    for promoter in promoters:
        after = balance(client, merchant, promoter["id"])
        assert (after["pending"], after["available"], after["debt"]) == (0, 0, 0)
    assert_books_balance(client, merchant)


def charge(card: str, *, intent_id: str, customer: str) -> dict:
    """charge.succeeded as Stripe sends it on current API versions: the card is on the charge."""
    return {"id": f"ch_{intent_id}", "object": "charge", "amount": 10_000, "currency": "usd",
            "customer": customer, "payment_intent": intent_id, "status": "succeeded",
            "billing_details": {"email": None}, "livemode": False,
            "payment_method_details": {"type": "card", "card": {"fingerprint": card}}}


def test_a_charge_after_its_order_rejects_a_credit_paid_with_the_promoters_card(client,
                                                                                merchant):
    """Current API versions put the card on the charge only, which Stripe may send before or
    after the payment intent: the promoter's own charge is remembered, and the friend's order
    recorded first is rejected, its reward taken back, when its charge comes."""
    connect(client, merchant)
    ana = ana_with_rule(client, merchant, external_id="cus_ana")
    own = deliver(client, merchant.id, event("charge.succeeded", charge(
        "fpAnaVisa", intent_id="pi_ana", customer="cus_ana")))
    assert own.get_json()["outcome"] == "card_remembered"
    deliver(client, merchant.id, event("payment_intent.succeeded", payment_intent(
        intent_id="pi_ghost", customer="cus_ghost", metadata={"goodword_code": ana["code"]})))
    assert balance(client, merchant, ana["id"])["pending"] == 100
    late = deliver(client, merchant.id, event("charge.succeeded", charge(
        "fpAnaVisa", intent_id="pi_ghost", customer="cus_ghost")))
    assert late.get_json()["outcome"] == "card_rejected_credit"
    ghost = client.get("/v1/orders?stripe_payment_intent=pi_ghost",
                       headers=merchant.headers()).get_json()["data"][0]
    assert (ghost["risk_status"], codes(ghost)[-1]) == ("rejected", "same_card_as_promoter")
    assert balance(client, merchant, ana["id"])["pending"] == 0
    # A friend's own card, arriving after their order, changes nothing.
    deliver(client, merchant.id, event("payment_intent.succeeded", payment_intent(
        intent_id="pi_ben", customer="cus_ben", metadata={"goodword_code": ana["code"]})))
    ben = deliver(client, merchant.id, event("charge.succeeded", charge(
        "fpBenMaster", intent_id="pi_ben", customer="cus_ben")))
    assert ben.get_json()["outcome"] == "card_remembered"
    assert balance(client, merchant, ana["id"])["pending"] == 100
    assert_books_balance(client, merchant)


def test_erasing_a_buyer_forgets_the_evidence_on_their_orders(app, client, merchant):
    from core.db import db
    from rewards.orders.models import Order

    def evidence_of(order_id):
        with app.app_context():
            row = db.session.get(Order, order_id)
            return (row.ip_hash, row.network_hash, row.user_agent, row.device_id)

    ana = ana_with_rule(client, merchant)
    kept = placed(client, merchant, code=ana["code"], customer="cus_ben", ip="92.40.1.7",
                  user_agent=IPHONE, device_id="dev-ben")
    assert evidence_of(kept["id"])[2:] == (IPHONE, "dev-ben")  # kept with the order
    ben = client.get("/v1/promoters?external_id=cus_ben",
                     headers=merchant.headers()).get_json()["data"][0]
    erased = client.delete(f"/v1/promoters/{ben['id']}", headers=merchant.headers())
    assert erased.status_code == 200
    assert evidence_of(kept["id"]) == (None, None, None, None)


def test_stripe_purchases_with_one_card_sent_at_once_see_each_other(app, client, merchant,
                                                                    on_postgres):
    """Five referred accounts paying with one card, Stripe's events arriving at once: judged
    as one by one (the card's lock)."""
    connect(client, merchant)
    ana = ana_with_rule(client, merchant)
    answers = all_at_once(app, *(
        lambda local, n=n: deliver(local, merchant.id, event("payment_intent.succeeded", paid_with(
            "fpFarm", intent_id=f"pi_{n}", customer=f"cus_{n}",
            metadata={"goodword_code": ana["code"]}))) for n in range(5)))
    assert [answer.get_json()["outcome"] for answer in answers] == ["order_recorded"] * 5
    outcome = Counter(client.get(f"/v1/orders?stripe_payment_intent=pi_{n}",
                                 headers=merchant.headers()).get_json()["data"][0]["risk_status"]
                      for n in range(5))
    assert outcome == Counter({"approved": 1, "pending_review": 1, "rejected": 3})
    assert_books_balance(client, merchant)
