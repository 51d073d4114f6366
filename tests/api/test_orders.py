"""/v1/orders and refunds through the API: purchases earn under the rules, refunds claw back,
and the books always balance (checked through the merchant's own trial balance)."""

import threading

import pytest

from core.db import db
from rewards.orders.models import Order
from tests.threads import join_all

from .test_errors import error_of
from .test_referrals import click, enroll, sign_up


def make_rule(client, merchant, **fields) -> dict:
    fields.setdefault("name", "Points for referred orders")
    fields.setdefault("trigger", "order.paid")
    fields.setdefault("beneficiary", "referrer")
    fields.setdefault("reward", {"type": "points_per_currency_unit", "value": 1})
    response = client.post("/v1/rules", json=fields, headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def order(client, merchant, external_id="o-1", amount=10_000, customer="cus_ben", **fields):
    body = {"external_id": external_id, "customer_external_id": customer, "amount": amount,
            "currency": "USD"}
    return client.post("/v1/orders", json=body | fields, headers=merchant.headers())


def balance(client, merchant, promoter_id) -> dict:
    body = client.get(f"/v1/promoters/{promoter_id}/balance", headers=merchant.headers())
    assert body.status_code == 200
    (points,) = [b for b in body.get_json()["balances"] if b["unit"] == "points"]
    return points


def assert_books_balance(client, merchant):
    report = client.get("/v1/ledger/trial_balance", headers=merchant.headers()).get_json()
    assert report["balanced"] is True, report
    assert report["lots_match_accounts"] is True, report


@pytest.fixture
def referred(client, merchant):
    """Ana referred Ben, who signed up through her link; a rule pays 1 point per dollar."""
    ana = enroll(client, merchant)
    sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
            referee_external_id="cus_ben", referee_email="ben@example.com")
    make_rule(client, merchant)
    return ana


def test_a_referred_friends_order_earns_the_promoter_points(client, merchant, referred):
    response = order(client, merchant, amount=25_99)
    assert response.status_code == 201
    placed = response.get_json()
    assert (placed["promoter"], placed["attributed_by"], placed["first_order"]) == (
        referred["id"], "referral", True)
    assert balance(client, merchant, referred["id"])["pending"] == 25  # rounded down
    history = client.get(f"/v1/promoters/{referred['id']}/ledger_transactions",
                         headers=merchant.headers()).get_json()["data"]
    (earn,) = history
    assert (earn["kind"], earn["cause_type"], earn["cause_id"]) == ("earn", "order", placed["id"])
    assert earn["rule_id"] and earn["rule_version"] == 1
    assert sorted(entry["amount"] for entry in earn["entries"]) == [-25, 25]
    assert_books_balance(client, merchant)


def test_the_same_order_id_is_recorded_once(client, merchant, referred):
    first = order(client, merchant)
    again = order(client, merchant)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert balance(client, merchant, referred["id"])["pending"] == 100
    changed = order(client, merchant, amount=5)
    assert changed.status_code == 409
    assert error_of(changed)["code"] == "order_conflict"


def test_a_second_order_is_not_a_first_order(client, merchant, referred):
    make_rule(client, merchant, name="Welcome bonus",
              reward={"type": "fixed_points", "value": 500},
              conditions={"first_order_only": True})
    order(client, merchant, external_id="o-1", amount=1_000)
    second = order(client, merchant, external_id="o-2", amount=1_000).get_json()
    assert second["first_order"] is False
    assert balance(client, merchant, referred["id"])["pending"] == 10 + 500 + 10


def test_an_order_with_a_code_credits_that_promoter(client, merchant):
    ana = enroll(client, merchant)
    make_rule(client, merchant)
    placed = order(client, merchant, code=ana["code"], customer="cus_zed").get_json()
    assert (placed["promoter"], placed["attributed_by"]) == (ana["id"], "code")
    assert balance(client, merchant, ana["id"])["pending"] == 100


def test_an_unattributed_order_pays_only_customer_rules(client, merchant):
    make_rule(client, merchant)  # referrer rule: nobody to pay
    make_rule(client, merchant, name="Loyalty", beneficiary="customer",
              reward={"type": "percent_of_order", "value": 500})
    placed = order(client, merchant, customer="cus_solo", amount=2_000).get_json()
    assert placed["promoter"] is None
    buyer = client.get("/v1/promoters?external_id=cus_solo",
                       headers=merchant.headers()).get_json()["data"][0]
    balances = client.get(f"/v1/promoters/{buyer['id']}/balance",
                          headers=merchant.headers()).get_json()["balances"]
    (usd,) = [b for b in balances if b["unit"] == "USD"]
    assert usd["pending"] == 100  # 5% of 2000 cents, as store credit in cents
    assert_books_balance(client, merchant)


def test_every_order_earns_under_the_rules_as_they_are_when_it_is_recorded(client, merchant):
    """Each edit, new rule and disabling applies from the next order on (rules are kept per
    process between orders and read again when they change)."""
    rule = make_rule(client, merchant, beneficiary="customer")  # 1 point per dollar
    earned = []

    def next_order():
        placed = order(client, merchant, f"o-{len(earned)}", customer="cus_loyal").get_json()
        buyer = client.get("/v1/promoters?external_id=cus_loyal",
                           headers=merchant.headers()).get_json()["data"][0]
        earned.append(balance(client, merchant, buyer["id"])["pending"] - sum(earned))
        return placed

    next_order()
    next_order()  # the rules unchanged: read from what the process kept
    edit = client.patch(f"/v1/rules/{rule['id']}", headers=merchant.headers(), json={
        "reward": {"type": "points_per_currency_unit", "value": 2}})
    assert edit.status_code == 200, edit.get_json()
    next_order()
    make_rule(client, merchant, name="Bonus", beneficiary="customer",
              reward={"type": "fixed_points", "value": 10})
    next_order()
    off = client.patch(f"/v1/rules/{rule['id']}", json={"active": False},
                       headers=merchant.headers())
    assert off.status_code == 200, off.get_json()
    next_order()
    assert earned == [100, 100, 200, 210, 10]


@pytest.mark.parametrize(
    ("fields", "param"),
    [({"amount": 0}, "amount"), ({"amount": -5}, "amount"), ({"amount": 10.5}, "amount"),
     ({"amount": "100"}, "amount"), ({"currency": "XYZ"}, "currency"),
     ({"currency": "US"}, "currency"), ({"customer_email": "nope"}, "customer_email"),
     ({"code": "NOSUCH", "customer_external_id": "cus_new"}, "code"),
     ({"code": "NOSUCH", "customer_external_id": "cus_promoter"}, "code"),  # an enrolled buyer
     ({"balance": 10}, "balance")],
)
def test_bad_orders_are_refused_and_write_nothing(client, merchant, referred, fields, param):
    promoters_before = client.get("/v1/promoters?limit=100", headers=merchant.headers())
    response = order(client, merchant, **fields)
    assert response.status_code in (400, 404)
    assert error_of(response)["param"] == param
    assert balance(client, merchant, referred["id"])["pending"] == 0
    promoters_after = client.get("/v1/promoters?limit=100", headers=merchant.headers())
    assert promoters_after.get_json() == promoters_before.get_json()  # no buyer enrolled
    with client.application.app_context():
        assert db.session.query(Order).count() == 0


def refund(client, merchant, order_id, amount, external_id):
    return client.post(f"/v1/orders/{order_id}/refunds",
                       json={"amount": amount, "external_id": external_id},
                       headers=merchant.headers())


def test_refunds_claw_back_in_proportion_and_once(client, merchant, referred):
    placed = order(client, merchant, amount=10_000).get_json()
    assert refund(client, merchant, placed["id"], 2_500, "re_1").status_code == 201
    assert refund(client, merchant, placed["id"], 2_500, "re_1").status_code == 200
    assert balance(client, merchant, referred["id"])["pending"] == 75
    too_much = refund(client, merchant, placed["id"], 7_501, "re_2")
    assert too_much.status_code == 400
    assert error_of(too_much)["code"] == "refund_exceeds_order"
    assert refund(client, merchant, placed["id"], 7_500, "re_3").status_code == 201
    assert balance(client, merchant, referred["id"])["pending"] == 0
    got = client.get(f"/v1/orders/{placed['id']}", headers=merchant.headers()).get_json()
    assert got["refunded_amount"] == 10_000
    assert_books_balance(client, merchant)


def test_another_merchants_order_is_not_found(client, make_merchant, merchant, referred):
    placed = order(client, merchant).get_json()
    other = make_merchant("Globex")
    assert client.get(f"/v1/orders/{placed['id']}", headers=other.headers()).status_code == 404
    assert refund(client, other, placed["id"], 1, "x").status_code == 404
    assert balance(client, merchant, referred["id"])["pending"] == 100


def test_matured_points_are_redeemed_for_store_credit(client, clock, merchant, referred):
    client.patch("/v1/merchant", json={"point_value": 5}, headers=merchant.headers())
    order(client, merchant, amount=100_000)
    clock.advance(days=14)
    result = client.application.test_cli_runner().invoke(args=["mature"])
    assert "1 rewards became available" in result.output
    assert balance(client, merchant, referred["id"])["available"] == 1_000
    response = client.post("/v1/redemptions", json={"promoter": referred["id"], "points": 400},
                           headers=merchant.headers())
    assert response.status_code == 201
    redemption = response.get_json()
    assert (redemption["status"], redemption["credit_amount"], redemption["credit_currency"]) == (
        "issued", 2_000, "USD")
    assert balance(client, merchant, referred["id"])["available"] == 600
    too_much = client.post("/v1/redemptions", json={"promoter": referred["id"], "points": 601},
                           headers=merchant.headers())
    assert too_much.status_code == 400
    assert error_of(too_much)["code"] == "insufficient_balance"
    assert balance(client, merchant, referred["id"])["available"] == 600
    assert_books_balance(client, merchant)


@pytest.mark.parametrize("points", [0, -1, 1.5, "10", None])
def test_bad_redemptions_are_refused(client, merchant, referred, points):
    response = client.post("/v1/redemptions", json={"promoter": referred["id"], "points": points},
                           headers=merchant.headers())
    assert response.status_code == 400
    assert error_of(response)["param"] == "points"


def earn_available(client, clock, merchant, referred, amount_cents: int):
    order(client, merchant, external_id=f"big-{amount_cents}", amount=amount_cents)
    clock.advance(days=14)
    client.application.test_cli_runner().invoke(args=["mature"])


def test_fifty_concurrent_redemptions_never_overdraw(app, client, clock, merchant, referred,
                                                     on_postgres):
    """1,000 points, 50 clients redeeming 100 at once: exactly 10 succeed and 0 remain.
    Fails without the lot and account locks (checked by hand)."""
    earn_available(client, clock, merchant, referred, 100_000)
    assert balance(client, merchant, referred["id"])["available"] == 1_000
    barrier = threading.Barrier(50)
    statuses = []

    def redeem() -> None:
        local = app.test_client()
        barrier.wait()
        statuses.append(local.post("/v1/redemptions",
                                   json={"promoter": referred["id"], "points": 100},
                                   headers=merchant.headers()).status_code)

    threads = [threading.Thread(target=redeem) for _ in range(50)]
    for thread in threads:
        thread.start()
    join_all(threads, 60)
    assert sorted(statuses) == [201] * 10 + [400] * 40
    assert balance(client, merchant, referred["id"])["available"] == 0
    assert_books_balance(client, merchant)


def test_concurrent_refunds_of_one_order_claw_back_once(app, client, merchant, referred,
                                                       on_postgres):
    placed = order(client, merchant, amount=10_000).get_json()
    barrier = threading.Barrier(10)
    statuses = []

    def refund_in_full() -> None:
        local = app.test_client()
        barrier.wait()
        statuses.append(refund(local, merchant, placed["id"], 10_000, "re_full").status_code)

    threads = [threading.Thread(target=refund_in_full) for _ in range(10)]
    for thread in threads:
        thread.start()
    join_all(threads, 60)
    assert sorted(statuses) == [200] * 9 + [201]
    assert balance(client, merchant, referred["id"]) | {"lifetime_earned": 0} == {
        "unit": "points", "pending": 0, "available": 0, "held": 0, "debt": 0,
        "lifetime_earned": 0}
    assert_books_balance(client, merchant)


def test_one_idempotency_key_twenty_times_at_once_makes_one_transaction(
        app, client, clock, merchant, referred, on_postgres):
    earn_available(client, clock, merchant, referred, 100_000)
    barrier = threading.Barrier(20)
    bodies = []

    def redeem() -> None:
        local = app.test_client()
        barrier.wait()
        response = local.post("/v1/redemptions", json={"promoter": referred["id"], "points": 10},
                              headers=merchant.headers(**{"Idempotency-Key": "payout-1"}))
        bodies.append((response.status_code, response.get_json()["id"]))

    threads = [threading.Thread(target=redeem) for _ in range(20)]
    for thread in threads:
        thread.start()
    join_all(threads, 60)
    assert {status for status, _ in bodies} == {201}
    assert len({redemption_id for _, redemption_id in bodies}) == 1
    assert balance(client, merchant, referred["id"])["available"] == 990
    history = client.get(f"/v1/promoters/{referred['id']}/ledger_transactions?limit=100",
                         headers=merchant.headers()).get_json()["data"]
    assert [t["kind"] for t in history].count("redeem_hold") == 1
