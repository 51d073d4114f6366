"""The rewards catalog through the API: the merchant defines rewards, a member redeems one for
its points cost through POST /v1/redemptions (the one redemption path, with its guards), and
an uploaded code goes to one redemption only, also when twenty members redeem at once."""

import pytest

from tests.support.catalog import (
    available_points,
    catalog_reward,
    member_with_points,
    redeem_reward,
    welcome_points,
)
from tests.support.errors import error_of
from tests.support.orders import assert_books_balance
from tests.support.races import all_at_once


@pytest.fixture
def welcomed(client, merchant):
    welcome_points(client, merchant, 500)
    return merchant


def test_a_member_redeems_an_amount_coupon_and_gets_a_single_use_code(client, welcomed):
    ana = member_with_points(client, welcomed, "cus_ana")
    reward = catalog_reward(client, welcomed, name="$5 off", kind="amount_coupon",
                            points_cost=200, amount=500)
    assert reward["currency"] == "USD" and reward["active"] is True

    redeemed = redeem_reward(client, welcomed, ana["id"], reward["id"])

    assert redeemed.status_code == 201, redeemed.get_json()
    body = redeemed.get_json()
    assert body["status"] == "issued" and body["points"] == 200
    assert body["catalog_reward"] == reward["id"] and body["reward_kind"] == "amount_coupon"
    assert body["credit_amount"] == 500 and body["credit_currency"] == "USD"
    assert body["promotion_code"].startswith("REWARD")
    assert available_points(client, welcomed, ana["id"]) == 300
    assert_books_balance(client, welcomed)


@pytest.mark.parametrize("kind, extra", [
    ("store_credit", {"amount": 1000}),
    ("percent_coupon", {"percent_off": 15}),
    ("free_shipping", {}),
    ("free_product", {"product": "Tote bag"}),
])
def test_every_kind_of_catalog_reward_is_redeemed_for_its_cost(client, welcomed, kind, extra):
    ana = member_with_points(client, welcomed, "cus_ana")
    reward = catalog_reward(client, welcomed, name=kind, kind=kind, points_cost=150, **extra)

    body = redeem_reward(client, welcomed, ana["id"], reward["id"]).get_json()

    assert body["status"] == "issued" and body["reward_kind"] == kind
    assert (body["promotion_code"] is None) == (kind == "store_credit")
    assert available_points(client, welcomed, ana["id"]) == 350


def test_uploaded_codes_are_handed_out_one_each_then_the_reward_runs_out(client, welcomed):
    ana = member_with_points(client, welcomed, "cus_ana")
    reward = catalog_reward(client, welcomed, name="Gift card", kind="code_pool",
                            points_cost=100)
    upload = client.post(f"/v1/catalog_rewards/{reward['id']}/codes",
                         json={"codes": ["GIFT-1", "GIFT-2", "GIFT-1"]},
                         headers=welcomed.headers())
    assert upload.status_code == 201 and upload.get_json()["added"] == 2
    again = client.post(f"/v1/catalog_rewards/{reward['id']}/codes",
                        json={"codes": ["GIFT-2"]}, headers=welcomed.headers())
    assert again.get_json() == {"object": "code_upload", "added": 0, "codes_left": 2}

    codes = [redeem_reward(client, welcomed, ana["id"], reward["id"]).get_json()
             ["promotion_code"] for _ in range(2)]
    out = redeem_reward(client, welcomed, ana["id"], reward["id"])

    assert sorted(codes) == ["GIFT-1", "GIFT-2"]
    assert out.status_code == 409 and error_of(out)["code"] == "reward_out_of_stock"
    assert available_points(client, welcomed, ana["id"]) == 300  # the refused one cost nothing
    listed = client.get(f"/v1/catalog_rewards/{reward['id']}", headers=welcomed.headers())
    assert listed.get_json()["codes_left"] == 0


def test_the_redemption_guards_hold_for_catalog_rewards(client, welcomed):
    ana = member_with_points(client, welcomed, "cus_ana")
    pricey = catalog_reward(client, welcomed, name="Jacket", kind="free_product",
                            product="Jacket", points_cost=900)
    once = catalog_reward(client, welcomed, name="Once", kind="free_shipping", points_cost=10,
                          per_member_limit=1)
    off = catalog_reward(client, welcomed, name="Gone", kind="free_shipping", points_cost=10)
    client.patch(f"/v1/catalog_rewards/{off['id']}", json={"active": False},
                 headers=welcomed.headers())

    too_few = redeem_reward(client, welcomed, ana["id"], pricey["id"])
    assert too_few.status_code == 400 and error_of(too_few)["code"] == "insufficient_balance"
    assert redeem_reward(client, welcomed, ana["id"], once["id"]).status_code == 201
    twice = redeem_reward(client, welcomed, ana["id"], once["id"])
    assert twice.status_code == 409 and error_of(twice)["code"] == "redemption_limit_reached"
    turned_off = redeem_reward(client, welcomed, ana["id"], off["id"])
    assert turned_off.status_code == 409 and error_of(turned_off)["code"] == "reward_unavailable"
    missing = redeem_reward(client, welcomed, ana["id"], "crw_nope")
    assert missing.status_code == 404

    client.post(f"/v1/promoters/{ana['id']}/block", json={},
                headers=welcomed.headers())
    blocked = redeem_reward(client, welcomed, ana["id"], once["id"])
    assert blocked.status_code == 409 and error_of(blocked)["code"] == "promoter_blocked"
    assert available_points(client, welcomed, ana["id"]) == 490


def test_a_reward_worth_an_amount_is_refused_after_the_shop_changes_currency(client, welcomed):
    ana = member_with_points(client, welcomed, "cus_ana")
    reward = catalog_reward(client, welcomed, kind="store_credit", amount=500)
    changed = client.patch("/v1/merchant", json={"currency": "EUR"}, headers=welcomed.headers())
    assert changed.status_code == 200, changed.get_json()

    refused = redeem_reward(client, welcomed, ana["id"], reward["id"])

    assert refused.status_code == 409 and error_of(refused)["code"] == "currency_mismatch"


def test_catalog_input_is_checked_and_another_merchants_reward_is_not_found(
        client, welcomed, make_merchant):
    bad = client.post("/v1/catalog_rewards", json={"name": "x", "kind": "percent_coupon",
                                                   "points_cost": 10},
                      headers=welcomed.headers())
    assert bad.status_code == 400 and error_of(bad)["param"] == "percent_off"
    both = client.post("/v1/redemptions", json={"promoter": "pro_x", "points": 5,
                                                "catalog_reward": "crw_x"},
                       headers=welcomed.headers())
    assert both.status_code == 400
    other = make_merchant("Other")
    theirs = catalog_reward(client, other)
    ana = member_with_points(client, welcomed, "cus_ana")
    assert redeem_reward(client, welcomed, ana["id"], theirs["id"]).status_code == 404
    assert client.get(f"/v1/catalog_rewards/{theirs['id']}",
                      headers=welcomed.headers()).status_code == 404


def test_twenty_members_redeeming_five_codes_at_once_get_five_different_codes(
        app, client, welcomed, on_postgres):
    """FOR UPDATE SKIP LOCKED: each redemption takes a different free code; without the lock
    two redemptions read the same free code and both hand it out."""
    reward = catalog_reward(client, welcomed, name="Gift card", kind="code_pool",
                            points_cost=100)
    client.post(f"/v1/catalog_rewards/{reward['id']}/codes",
                json={"codes": [f"CODE-{n}" for n in range(5)]}, headers=welcomed.headers())
    members = [member_with_points(client, welcomed, f"cus_{n}") for n in range(20)]

    answers = all_at_once(app, *[
        (lambda c, member=member: redeem_reward(c, welcomed, member["id"], reward["id"]))
        for member in members])

    issued = [a.get_json()["promotion_code"] for a in answers if a.status_code == 201]
    refused = [error_of(a)["code"] for a in answers if a.status_code != 201]
    assert sorted(issued) == [f"CODE-{n}" for n in range(5)]
    assert refused == ["reward_out_of_stock"] * 15
    spent = [500 - available_points(client, welcomed, m["id"]) for m in members]
    assert sorted(spent) == [0] * 15 + [100] * 5
    assert_books_balance(client, welcomed)
