"""The owners' guardrails: no rule or tier is saved beyond the most one award may pay or below
the shortest hold, whoever saves it, and an award beyond them (a rule saved before they were
lowered, an order-sized award) is capped at evaluation and says so."""

from tests.support.errors import error_of
from tests.support.orders import balance, make_rule, order
from tests.support.referrals import enroll

BILLION = {"type": "fixed_points", "value": 1_000_000_000}


def merchant_settings(client, merchant, **changes):
    return client.patch("/v1/merchant", json=changes, headers=merchant.headers())


def customer_of(client, merchant, external_id: str) -> str:
    return client.get(f"/v1/promoters?external_id={external_id}",
                      headers=merchant.headers()).get_json()["data"][0]["id"]


def ledger_descriptions(client, merchant, promoter_id: str) -> list[str]:
    body = client.get(f"/v1/promoters/{promoter_id}/ledger_transactions",
                      headers=merchant.headers()).get_json()
    return [transaction["description"] for transaction in body["data"]]


def test_a_billion_point_rule_with_no_hold_is_refused_until_the_guardrail_is_raised(
        client, merchant):
    refused = client.post("/v1/rules", json={
        "name": "Jackpot", "trigger": "order.paid", "beneficiary": "customer",
        "reward": BILLION, "hold_days": 0}, headers=merchant.headers())
    assert refused.status_code == 400
    error = error_of(refused)
    assert (error["code"], error["param"]) == ("guardrail_exceeded", "reward[value]")
    assert "max_award_points (100,000)" in error["message"]
    assert client.get("/v1/rules", headers=merchant.headers()).get_json()["data"] == []

    # An API key acts for the owner: it may raise the guardrail, and then the rule saves.
    raised = merchant_settings(client, merchant, max_award_points=1_000_000_000)
    assert raised.status_code == 200, raised.get_json()
    assert raised.get_json()["max_award_points"] == 1_000_000_000
    make_rule(client, merchant, name="Jackpot", beneficiary="customer", reward=BILLION,
              hold_days=0)


def test_a_hold_shorter_than_the_guardrail_is_refused(client, merchant):
    assert merchant_settings(client, merchant, min_hold_days=7).status_code == 200
    refused = client.post("/v1/rules", json={
        "name": "Instant", "trigger": "order.paid", "beneficiary": "customer",
        "reward": {"type": "fixed_points", "value": 10}, "hold_days": 0},
        headers=merchant.headers())
    error = error_of(refused)
    assert (refused.status_code, error["code"], error["param"]) == (
        400, "guardrail_exceeded", "hold_days")
    assert "min_hold_days (7)" in error["message"]
    make_rule(client, merchant, name="Weekly", beneficiary="customer",
              reward={"type": "fixed_points", "value": 10}, hold_days=7)


def test_the_guardrails_are_checked_as_settings(client, merchant):
    for changes, param in (({"max_award_points": 0}, "max_award_points"),
                           ({"max_award_credit": 10**13}, "max_award_credit"),
                           ({"min_hold_days": 15}, "min_hold_days"),  # hold_days is 14
                           ({"min_hold_days": 5, "hold_days": 3}, "min_hold_days"),
                           ({"max_award_points": "many"}, "max_award_points")):
        refused = merchant_settings(client, merchant, **changes)
        assert refused.status_code == 400, changes
        assert error_of(refused)["param"] == param, changes
    assert merchant_settings(client, merchant, min_hold_days=14).status_code == 200
    refused = merchant_settings(client, merchant, hold_days=10)
    assert (refused.status_code, error_of(refused)["param"]) == (400, "hold_days")


def test_a_tier_multiplier_cannot_push_a_fixed_rule_past_the_guardrail(client, merchant):
    make_rule(client, merchant, name="Big welcome", beneficiary="customer",
              reward={"type": "fixed_points", "value": 60_000})
    tier = {"name": "Gold", "metric": "points_earned", "threshold": 1000, "window_days": 365}
    refused = client.post("/v1/tiers", json={**tier, "multiplier": 20_000},
                          headers=merchant.headers())
    error = error_of(refused)
    assert (refused.status_code, error["code"], error["param"]) == (
        400, "guardrail_exceeded", "multiplier")
    assert "'Big welcome' would pay 120,000" in error["message"]
    assert client.get("/v1/tiers", headers=merchant.headers()).get_json()["data"] == []

    gold = client.post("/v1/tiers", json={**tier, "multiplier": 15_000},
                       headers=merchant.headers()).get_json()
    assert client.patch(f"/v1/tiers/{gold['id']}", json={"multiplier": 17_000},
                        headers=merchant.headers()).status_code == 400
    # With the tier in place, a rule is checked at its worst case: 70,000 x1.5 is too much.
    refused = client.post("/v1/rules", json={
        "name": "Bigger", "trigger": "order.paid", "beneficiary": "customer",
        "reward": {"type": "fixed_points", "value": 70_000}}, headers=merchant.headers())
    assert error_of(refused)["code"] == "guardrail_exceeded"
    assert "(x1.5 in the top tier)" in error_of(refused)["message"]


def test_a_rule_saved_before_the_guardrail_was_lowered_is_capped_and_says_so(
        client, merchant):
    make_rule(client, merchant, name="Big welcome", beneficiary="customer",
              reward={"type": "fixed_points", "value": 50_000}, hold_days=0)
    assert merchant_settings(client, merchant, max_award_points=1_000,
                             min_hold_days=3).status_code == 200
    response = order(client, merchant, external_id="o-1", customer="cus_ben")
    assert response.status_code == 201, response.get_json()
    ben = customer_of(client, merchant, "cus_ben")
    assert balance(client, merchant, ben)["pending"] == 1_000
    (earned,) = ledger_descriptions(client, merchant, ben)
    assert "capped at the merchant's max_award_points of 1000" in earned
    # The hold is the guardrail's too, not the rule's 0 days.
    verdict = client.post("/v1/rules/dry_run", json={
        "trigger": "order.paid", "customer": ben, "order_amount": 100},
        headers=merchant.headers()).get_json()["data"][0]
    assert (verdict["amount"], verdict["hold_days"]) == (1_000, 3)


def test_an_award_sized_by_the_order_is_capped_at_evaluation(client, merchant):
    make_rule(client, merchant, name="Cashback", beneficiary="customer",
              reward={"type": "percent_of_order", "value": 5_000})
    make_rule(client, merchant, name="Points", beneficiary="customer",
              reward={"type": "points_per_currency_unit", "value": 10})
    response = order(client, merchant, external_id="o-big", amount=100_000_000,
                     customer="cus_big")  # $1,000,000: 50% is $500,000, 10 points a dollar
    assert response.status_code == 201, response.get_json()
    big = customer_of(client, merchant, "cus_big")
    balances = {b["unit"]: b["pending"] for b in client.get(
        f"/v1/promoters/{big}/balance", headers=merchant.headers()).get_json()["balances"]}
    assert balances == {"points": 100_000, "USD": 100_000}
    assert all("capped at the merchant's max_award_" in description
               for description in ledger_descriptions(client, merchant, big))


def test_one_event_pays_one_promoter_at_most_the_guardrail_whatever_the_rules(
        client, merchant):
    ana = enroll(client, merchant)
    rules = sorted(make_rule(client, merchant, name=f"Thanks {n}",
                             reward={"type": "fixed_points", "value": 60_000})["id"]
                   for n in range(3))
    verdicts = client.post("/v1/rules/dry_run", json={
        "trigger": "order.paid", "referrer": ana["id"], "order_amount": 10_000},
        headers=merchant.headers()).get_json()["data"]
    by_rule = {verdict["rule"]: verdict for verdict in verdicts}
    # In rule id order: the first pays in full, the second what is left of 100,000, the third
    # nothing, and each says why.
    first, second, third = (by_rule[rule] for rule in rules)
    assert (first["outcome"], first["amount"]) == ("award", 60_000)
    assert (second["outcome"], second["amount"]) == ("award", 40_000)
    assert second["description"].startswith("40,000 points from rule 'Thanks")
    assert ("clipped to the 40,000 points left of the merchant's max_award_points for one "
            "event") in second["description"]
    assert (third["outcome"], third["code"]) == ("skip", "guardrail_per_event")
    assert "max_award_points of 100,000 points" in third["message"]
