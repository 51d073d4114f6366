"""/v1/rules: versioned rules, strict validation, and the dry run that writes nothing."""

import pytest

from tests.support.errors import error_of
from tests.support.referrals import enroll
from tests.support.rewards import FRIEND_BONUS, create_rule, order_rule, row_counts


def test_an_edit_creates_a_version_and_the_old_one_stays_readable(client, clock, merchant):
    rule = create_rule(client, merchant)
    assert rule["id"].startswith("rul_")
    assert (rule["object"], rule["version"], rule["current_version"]) == ("rule", 1, 1)
    assert rule["reward"] == {"type": "fixed_points", "value": 100}
    assert rule["conditions"]["first_order_only"] is False
    assert rule["limits"] == {"per_promoter_per_day": None, "per_promoter_per_month": None,
                              "per_promoter_lifetime": None, "lifetime_cap": None,
                              "budget": None, "per_channel_days": None}
    assert (rule["active"], rule["hold_days"]) == (True, None)

    clock.advance(hours=1)
    edited = client.patch(f"/v1/rules/{rule['id']}", headers=merchant.headers(),
                          json={"reward": {"type": "fixed_points", "value": 150},
                                "limits": {"per_promoter_per_day": 2}}).get_json()
    assert (edited["version"], edited["current_version"]) == (2, 2)
    assert edited["reward"]["value"] == 150
    assert edited["limits"]["per_promoter_per_day"] == 2
    assert edited["created_at"] == rule["created_at"]
    assert edited["version_created_at"] > rule["version_created_at"]

    url = f"/v1/rules/{rule['id']}"
    assert client.get(url, headers=merchant.headers()).get_json() == edited
    first = client.get(f"{url}?version=1", headers=merchant.headers()).get_json()
    assert (first["version"], first["current_version"]) == (1, 2)
    assert first["reward"]["value"] == 100
    assert first["limits"]["per_promoter_per_day"] is None
    missing = client.get(f"{url}?version=3", headers=merchant.headers())
    assert missing.status_code == 404
    assert error_of(missing)["param"] == "version"


def test_a_limit_set_to_null_is_cleared_in_a_new_version(client, merchant):
    rule = create_rule(client, merchant, limits={"budget": 1000, "lifetime_cap": 500})
    edited = client.patch(f"/v1/rules/{rule['id']}", headers=merchant.headers(),
                          json={"limits": {"budget": None}}).get_json()
    assert edited["limits"]["budget"] is None
    assert edited["limits"]["lifetime_cap"] == 500
    assert edited["version"] == 2


def test_disabling_is_a_new_version(client, merchant):
    rule = create_rule(client, merchant)
    disabled = client.patch(f"/v1/rules/{rule['id']}", json={"active": False},
                            headers=merchant.headers()).get_json()
    assert (disabled["active"], disabled["version"]) == (False, 2)
    first = client.get(f"/v1/rules/{rule['id']}?version=1", headers=merchant.headers())
    assert first.get_json()["active"] is True


def test_an_edit_that_changes_nothing_appends_nothing(client, merchant):
    rule = create_rule(client, merchant)
    same = client.patch(f"/v1/rules/{rule['id']}", json={"name": "Friend bonus"},
                        headers=merchant.headers())
    assert same.status_code == 200
    assert same.get_json()["version"] == 1


def test_rules_are_listed_by_trigger_and_active(client, merchant):
    signup = create_rule(client, merchant)
    order = order_rule(client, merchant, name="Order points")
    client.patch(f"/v1/rules/{signup['id']}", json={"active": False}, headers=merchant.headers())

    def listed(query: str = "") -> list[str]:
        body = client.get(f"/v1/rules{query}", headers=merchant.headers()).get_json()
        return [(rule["id"], rule["version"]) for rule in body["data"]]

    assert listed() == [(order["id"], 1), (signup["id"], 2)]
    assert listed("?trigger=order.paid") == [(order["id"], 1)]
    assert listed("?active=false") == [(signup["id"], 2)]
    assert listed("?active=true&trigger=referral.approved") == []
    assert client.get("/v1/rules?trigger=nope", headers=merchant.headers()).status_code == 400


def test_another_merchants_rule_is_not_found(client, make_merchant):
    acme, globex = make_merchant("Acme"), make_merchant("Globex")
    rule = create_rule(client, acme)
    url = f"/v1/rules/{rule['id']}"
    assert client.get(url, headers=globex.headers()).status_code == 404
    patched = client.patch(url, json={"active": False}, headers=globex.headers())
    assert patched.status_code == 404
    assert error_of(patched)["code"] == "resource_missing"
    assert client.get(url, headers=acme.headers()).get_json()["version"] == 1
    assert client.get("/v1/rules", headers=globex.headers()).get_json()["data"] == []


BAD_RULES = [
    ({"reward": {"type": "fixed_points", "value": -5}}, "parameter_invalid", "reward[value]"),
    ({"reward": {"type": "fixed_points", "value": 0}}, "parameter_invalid", "reward[value]"),
    ({"reward": {"type": "fixed_points", "value": 1.5}}, "parameter_invalid", "reward[value]"),
    ({"reward": {"type": "fixed_points", "value": "100"}}, "parameter_invalid",
     "reward[value]"),
    ({"reward": {"type": "cash", "value": 1}}, "parameter_invalid", "reward[type]"),
    ({"reward": {"type": "fixed_points"}}, "parameter_missing", "reward[value]"),
    ({"reward": {"type": "fixed_points", "value": 1, "extra": 1}}, "parameter_unknown",
     "reward[extra]"),
    ({"colour": "red"}, "parameter_unknown", "colour"),
    ({"id": "rul_x"}, "parameter_invalid", "id"),
    ({"trigger": "order.refunded"}, "parameter_invalid", "trigger"),
    ({"beneficiary": "friend"}, "parameter_invalid", "beneficiary"),
    ({"name": "  "}, "parameter_invalid", "name"),
    ({"hold_days": -1}, "parameter_invalid", "hold_days"),
    ({"conditions": {"min_order_amount": 0}}, "parameter_invalid",
     "conditions[min_order_amount]"),
    ({"conditions": {"colour": "red"}}, "parameter_unknown", "conditions[colour]"),
    ({"limits": {"budget": -100}}, "parameter_invalid", "limits[budget]"),
    ({"limits": {"per_promoter_per_day": 1.0}}, "parameter_invalid",
     "limits[per_promoter_per_day]"),
    # Impossible rules: the fields are fine, the combination could never award anything.
    ({"conditions": {"min_order_amount": 1000}}, "rule_invalid",
     "conditions[min_order_amount]"),
    ({"conditions": {"first_order_only": True}}, "rule_invalid",
     "conditions[first_order_only]"),
    ({"conditions": {"currency": "USD"}}, "rule_invalid", "conditions[currency]"),
    ({"reward": {"type": "percent_of_order", "value": 1000}}, "rule_invalid", "reward[type]"),
    ({"reward": {"type": "points_per_currency_unit", "value": 1}}, "rule_invalid",
     "reward[type]"),
    ({"beneficiary": "customer"}, "rule_invalid", "beneficiary"),
    ({"trigger": "share.created", "beneficiary": "referee"}, "rule_invalid", "beneficiary"),
    ({"trigger": "promoter.enrolled", "conditions": {"within_days_of_referral": 7}},
     "rule_invalid", "conditions[within_days_of_referral]"),
    ({"limits": {"budget": 99}}, "rule_invalid", "limits[budget]"),
    ({"limits": {"lifetime_cap": 50}}, "rule_invalid", "limits[lifetime_cap]"),
    ({"limits": {"per_promoter_per_day": 5, "per_promoter_per_month": 2}}, "rule_invalid",
     "limits[per_promoter_per_month]"),
    ({"trigger": "order.paid", "reward": {"type": "percent_of_order", "value": 10_001}},
     "rule_invalid", "reward[value]"),
    ({"reward": {"type": "coupon", "value": 10}, "limits": {"budget": 100}}, "rule_invalid",
     "limits[budget]"),
]


@pytest.mark.parametrize(("fields", "code", "param"), BAD_RULES)
def test_bad_rules_are_refused_and_write_nothing(app, client, merchant, fields, code, param):
    before = row_counts(app)
    response = client.post("/v1/rules", json={**FRIEND_BONUS, **fields},
                           headers=merchant.headers())
    assert response.status_code == 400, response.get_json()
    error = error_of(response)
    assert (error["code"], error["param"]) == (code, param)
    assert row_counts(app) == before


@pytest.mark.parametrize(
    ("changes", "code", "param"),
    [
        ({"beneficiary": "customer"}, "rule_invalid", "beneficiary"),
        ({"trigger": "order.paid"}, "parameter_unknown", "trigger"),
        ({"name": None}, "parameter_invalid", "name"),
        ({"limits": {"budget": 10}}, "rule_invalid", "limits[budget]"),
        ({"reward": {"type": "fixed_points", "value": 0}}, "parameter_invalid", "reward[value]"),
    ],
)
def test_bad_edits_are_refused_and_append_no_version(app, client, merchant, changes, code,
                                                     param):
    rule = create_rule(client, merchant)
    before = row_counts(app)
    response = client.patch(f"/v1/rules/{rule['id']}", json=changes, headers=merchant.headers())
    assert response.status_code == 400
    assert (error_of(response)["code"], error_of(response)["param"]) == (code, param)
    assert row_counts(app) == before
    assert client.get(f"/v1/rules/{rule['id']}", headers=merchant.headers()).get_json() == rule


def test_the_dry_run_explains_every_rule_and_writes_nothing(app, client, merchant):
    referrer = enroll(client, merchant)
    referee = enroll(client, merchant, external_id="cus_friend", email="ben@example.com")
    cashback = order_rule(client, merchant, name="10% back",
                          reward={"type": "percent_of_order", "value": 1000})
    welcome = order_rule(client, merchant, name="Welcome", beneficiary="referee",
                         reward={"type": "fixed_points", "value": 500},
                         conditions={"first_order_only": True})
    big = order_rule(client, merchant, name="Big spender",
                     conditions={"min_order_amount": 10_000})
    window = order_rule(client, merchant, name="Quick",
                        conditions={"within_days_of_referral": 7})
    create_rule(client, merchant, name="Signup bonus")  # another trigger: not listed
    before = row_counts(app)

    response = client.post("/v1/rules/dry_run", headers=merchant.headers(), json={
        "trigger": "order.paid", "referrer": referrer["id"], "referee": referee["id"],
        "order_amount": 2599, "currency": "usd", "first_order": False,
        "days_since_referral": 10,
    })
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["object"], body["has_more"]) == ("list", False)
    verdicts = {verdict["rule"]: verdict for verdict in body["data"]}
    assert list(verdicts) == [cashback["id"], welcome["id"], big["id"], window["id"]]
    award = verdicts[cashback["id"]]
    assert (award["outcome"], award["kind"], award["unit"], award["amount"]) == (
        "award", "credit", "USD", 259
    )
    assert (award["promoter"], award["hold_days"], award["code"]) == (referrer["id"], 14, None)
    assert {rule: (verdict["outcome"], verdict["code"]) for rule, verdict in verdicts.items()
            if rule != cashback["id"]} == {
        welcome["id"]: ("skip", "condition_first_order"),
        big["id"]: ("skip", "condition_min_order_amount"),
        window["id"]: ("skip", "condition_referral_window"),
    }
    assert all(verdict["message"] for verdict in body["data"] if verdict["outcome"] == "skip")
    assert row_counts(app) == before


def test_a_dry_run_without_the_beneficiary_says_so(client, merchant):
    create_rule(client, merchant, beneficiary="referee")
    body = client.post("/v1/rules/dry_run", json={"trigger": "referral.approved"},
                       headers=merchant.headers()).get_json()
    assert [(verdict["code"], verdict["amount"]) for verdict in body["data"]] == [
        ("no_beneficiary", None)
    ]


@pytest.mark.parametrize(
    ("fields", "status", "code", "param"),
    [
        ({"referrer": "pro_nobody"}, 404, "resource_missing", "referrer"),
        ({"customer": "pro_nobody"}, 400, "rule_invalid", "customer"),
        ({"order_amount": 100}, 400, "rule_invalid", "order_amount"),
        ({"order_amount": 1.5}, 400, "parameter_invalid", "order_amount"),
        ({"days_since_referral": -1}, 400, "parameter_invalid", "days_since_referral"),
        ({"bogus": 1}, 400, "parameter_unknown", "bogus"),
    ],
)
def test_bad_dry_runs_are_refused(client, merchant, fields, status, code, param):
    response = client.post("/v1/rules/dry_run", json={"trigger": "referral.approved", **fields},
                           headers=merchant.headers())
    assert response.status_code == status
    assert (error_of(response)["code"], error_of(response)["param"]) == (code, param)


def test_a_dry_run_for_another_merchants_promoter_is_not_found(client, make_merchant):
    acme, globex = make_merchant("Acme"), make_merchant("Globex")
    promoter = enroll(client, acme)
    response = client.post("/v1/rules/dry_run", headers=globex.headers(),
                           json={"trigger": "referral.approved", "referrer": promoter["id"]})
    assert response.status_code == 404
