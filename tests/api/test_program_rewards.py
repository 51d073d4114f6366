"""The rules at work on the referral program: approvals, joining, sharing, tiers."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.db import db
from tests.support.orders import assert_books_balance, balance, make_rule, order
from tests.support.referrals import click, enroll, sign_up
from tests.support.widget import share_as


def promoter_by_customer(client, merchant, external_id) -> dict:
    found = client.get(f"/v1/promoters?external_id={external_id}", headers=merchant.headers())
    (promoter,) = found.get_json()["data"]
    return promoter


def give_and_get(client, merchant, points=500):
    for beneficiary in ("referrer", "referee"):
        make_rule(client, merchant, name=f"Give {points}, get {points}: {beneficiary}",
                  trigger="referral.approved", beneficiary=beneficiary,
                  reward={"type": "fixed_points", "value": points})


def test_a_double_sided_offer_pays_both_friends_on_approval(client, merchant):
    give_and_get(client, merchant)
    ana = enroll(client, merchant)
    sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
            referee_external_id="cus_ben", referee_email="ben@example.com")
    ben = promoter_by_customer(client, merchant, "cus_ben")
    assert balance(client, merchant, ana["id"])["pending"] == 500
    assert balance(client, merchant, ben["id"])["pending"] == 500
    (earn,) = client.get(f"/v1/promoters/{ana['id']}/ledger_transactions",
                         headers=merchant.headers()).get_json()["data"]
    assert (earn["cause_type"], earn["rule_version"]) == ("referral", 1)
    assert_books_balance(client, merchant)


def test_held_referrals_earn_only_once_approved(client, merchant):
    give_and_get(client, merchant)
    ana = enroll(client, merchant)
    held = sign_up(client, merchant, code=ana["code"], referee_external_id="cus_ben",
                   referee_email="ben@yopmail.com").get_json()
    rejected = sign_up(client, merchant, code=ana["code"], referee_external_id="cus_cy",
                       referee_email="cy@yopmail.com").get_json()
    assert balance(client, merchant, ana["id"])["pending"] == 0
    client.post(f"/v1/referrals/{rejected['id']}/reject", json={}, headers=merchant.headers())
    assert balance(client, merchant, ana["id"])["pending"] == 0
    client.post(f"/v1/referrals/{held['id']}/approve", json={}, headers=merchant.headers())
    assert balance(client, merchant, ana["id"])["pending"] == 500


def test_joining_earns_the_welcome_bonus_once_and_buyers_do_not(client, merchant):
    make_rule(client, merchant, name="Welcome", trigger="promoter.enrolled",
              reward={"type": "fixed_points", "value": 100})
    ana = enroll(client, merchant)
    enroll(client, merchant)  # enrolling the same customer again
    assert balance(client, merchant, ana["id"])["pending"] == 100
    order(client, merchant, customer="cus_walkin")
    walk_in = promoter_by_customer(client, merchant, "cus_walkin")
    assert balance(client, merchant, walk_in["id"])["pending"] == 0


def test_sharing_earns_within_the_daily_limit(client, clock, merchant):
    make_rule(client, merchant, name="Share bonus", trigger="share.created",
              reward={"type": "fixed_points", "value": 10}, limits={"per_promoter_per_day": 2})
    ana = enroll(client, merchant)
    for channel in ("copy", "email", "sms"):
        response = share_as(client, merchant, ana, channel)
        assert response.status_code == 201
    assert balance(client, merchant, ana["id"])["pending"] == 20
    clock.advance(days=1, seconds=1)
    share_as(client, merchant, ana, "x")
    assert balance(client, merchant, ana["id"])["pending"] == 30


def test_an_approved_referral_promotes_and_the_tier_multiplies(client, merchant):
    response = client.post("/v1/tiers", json={
        "name": "Gold", "metric": "approved_referrals", "threshold": 1, "window_days": 365,
        "multiplier": 20_000}, headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    make_rule(client, merchant)  # 1 point per dollar on referred orders
    ana = enroll(client, merchant)
    sign_up(client, merchant, code=ana["code"], referee_external_id="cus_ben")
    promoter = client.get(f"/v1/promoters/{ana['id']}", headers=merchant.headers()).get_json()
    assert promoter["tier"]["name"] == "Gold"
    order(client, merchant, amount=10_000)
    assert balance(client, merchant, ana["id"])["pending"] == 200


def test_an_edited_rule_pays_its_new_version_and_never_twice(client, merchant):
    rule = make_rule(client, merchant)
    ana = enroll(client, merchant)
    sign_up(client, merchant, code=ana["code"], referee_external_id="cus_ben")
    order(client, merchant, external_id="o-1", amount=10_000)
    client.patch(f"/v1/rules/{rule['id']}", json={"reward": {"type": "fixed_points",
                                                             "value": 7}},
                 headers=merchant.headers())
    order(client, merchant, external_id="o-1", amount=10_000)  # a retry: nothing new
    order(client, merchant, external_id="o-2", amount=10_000)
    history = client.get(f"/v1/promoters/{ana['id']}/ledger_transactions",
                         headers=merchant.headers()).get_json()["data"]
    assert [(t["rule_version"], t["entries"][0]["amount"]) for t in history] == [(2, 7),
                                                                               (1, 100)]
    assert_books_balance(client, merchant)


def test_the_journey_counts_first_and_repeat_orders(client, clock, merchant):
    ana = enroll(client, merchant)
    sign_up(client, merchant, code=ana["code"], referee_external_id="cus_ben")
    for n in range(3):
        order(client, merchant, external_id=f"o-{n}", amount=1_000)
    order(client, merchant, external_id="walk-in", customer="cus_walkin")  # not credited
    clock.advance(seconds=1)
    journey = client.get("/v1/stats/journey", headers=merchant.headers()).get_json()
    assert (journey["first_orders"], journey["repeat_orders"]) == (1, 2)
    stats = client.get(f"/v1/promoters/{ana['id']}", headers=merchant.headers()
                       ).get_json()["stats"]
    assert (stats["first_orders"], stats["repeat_orders"]) == (1, 2)


def test_a_rules_past_versions_cannot_be_rewritten(app, client, merchant, on_postgres):
    rule = make_rule(client, merchant)
    with app.app_context():
        for statement in ("UPDATE rule_versions SET reward_value = 99",
                          "DELETE FROM rule_versions"):
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()
    again = client.get(f"/v1/rules/{rule['id']}", headers=merchant.headers()).get_json()
    assert again["reward"] == rule["reward"]
