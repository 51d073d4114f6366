"""Staff cannot save a rule or tier beyond the owners' guardrails from the dashboard, and see
why on the field; only an owner raises them, in Settings, and then the rule saves."""

import html

from tests.support.dashboard import JACKPOT, PROGRAM, csrf_of, staff_client
from tests.support.tiers import create_tier


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def rules(client, merchant) -> list:
    return client.get("/v1/rules", headers=merchant.headers()).get_json()["data"]


def test_staff_cannot_save_a_billion_points_with_no_hold_until_an_owner_allows_it(
        app, client, merchant, owner_client):
    staff = staff_client(app, merchant)
    token = csrf_of(staff.get("/dashboard/program/rules/new?trigger=order.paid"))
    for step in ("preview", "save"):
        refused = staff.post("/dashboard/program/rules",
                             data={**JACKPOT, "step": step, "csrf_token": token})
        assert refused.status_code == 400, step
        assert ('id="f-reward-value-error">One award of this rule could pay 1,000,000,000, '
                "above the merchant's guardrail max_award_points (100,000)") in text(refused)
    assert rules(client, merchant) == []

    # Staff may not move the guardrails; an owner may, on the settings page.
    staff_token = csrf_of(staff.get("/dashboard/settings"))
    assert staff.post("/dashboard/settings/program", data={
        **PROGRAM, "max_award_points": "1000000000", "hold_days": "14",
        "csrf_token": staff_token}).status_code == 403
    owner_token = csrf_of(owner_client.get("/dashboard/settings"))
    page = text(owner_client.get("/dashboard/settings"))
    assert 'name="max_award_points"' in page and 'name="min_hold_days"' in page
    saved = owner_client.post("/dashboard/settings/program", data={
        **PROGRAM, "max_award_points": "1000000000", "max_award_credit": "100000",
        "min_hold_days": "0", "csrf_token": owner_token}, follow_redirects=True)
    assert "Program settings saved." in text(saved)
    assert client.get("/v1/merchant", headers=merchant.headers()
                      ).get_json()["max_award_points"] == 1_000_000_000

    created = staff.post("/dashboard/program/rules",
                         data={**JACKPOT, "step": "save", "csrf_token": token},
                         follow_redirects=True)
    assert "Rule “Jackpot” saved as version 1." in text(created)
    assert [rule["reward"]["value"] for rule in rules(client, merchant)] == [1_000_000_000]


def test_a_hold_below_the_owners_minimum_is_refused_on_its_field(app, client, merchant,
                                                                 owner_client):
    owner_token = csrf_of(owner_client.get("/dashboard/settings"))
    owner_client.post("/dashboard/settings/program", data={
        **PROGRAM, "max_award_points": "100000", "max_award_credit": "100000",
        "min_hold_days": "7", "csrf_token": owner_token})
    staff = staff_client(app, merchant)
    token = csrf_of(staff.get("/dashboard/program/rules/new?trigger=order.paid"))
    refused = staff.post("/dashboard/program/rules", data={
        **JACKPOT, "reward[value]": "100", "step": "save", "csrf_token": token})
    assert refused.status_code == 400
    assert ('id="f-hold_days-error">hold_days (0) is shorter than the merchant\'s guardrail '
            "min_hold_days (7)") in text(refused)
    assert rules(client, merchant) == []


def test_staff_cannot_raise_a_tier_multiplier_past_the_guardrail(app, client, merchant):
    client.post("/v1/rules", json={
        "trigger": "order.paid", "name": "Big welcome", "beneficiary": "customer",
        "reward": {"type": "fixed_points", "value": 60_000}}, headers=merchant.headers())
    silver = create_tier(client, merchant, name="Silver", metric="points_earned",
                         threshold=100, window_days=365, multiplier=12_500)
    staff = staff_client(app, merchant)
    token = csrf_of(staff.get(f"/dashboard/program/tiers/{silver['id']}/edit"))
    form = {name: str(silver[name] if silver[name] is not None else "") for name in (
        "name", "metric", "threshold", "window_days", "grace_days", "perks")}
    refused = staff.post(f"/dashboard/program/tiers/{silver['id']}", data={
        **form, "multiplier": "2", "csrf_token": token})
    assert refused.status_code == 400
    assert ('id="f-multiplier-error">With x2 the rule \'Big welcome\' would pay 120,000 in one '
            "award, above the merchant's guardrail max_award_points (100,000)") in text(refused)
    assert client.get(f"/v1/tiers/{silver['id']}", headers=merchant.headers()
                      ).get_json()["multiplier"] == 12_500
