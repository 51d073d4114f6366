"""Program settings: rules turned off and on as new versions; tiers added with validation."""

from tests.support.dashboard import csrf_of
from tests.support.rewards import create_rule


def test_turning_a_rule_off_appends_a_version(client, merchant, owner_client):
    rule = create_rule(client, merchant)
    page = owner_client.get("/dashboard/program").get_data(as_text=True)
    assert "Friend bonus" in page and "v1" in page
    assert "a referred friend signs up (approved)" in page
    token = csrf_of(owner_client.get("/dashboard/program"))
    response = owner_client.post(f"/dashboard/program/rules/{rule['id']}/active",
                                 data={"active": "false", "csrf_token": token},
                                 follow_redirects=True)
    assert "is off (version 2)" in response.get_data(as_text=True)
    api = client.get(f"/v1/rules/{rule['id']}", headers=merchant.headers()).get_json()
    assert (api["active"], api["version"]) == (False, 2)


def test_a_rule_change_needs_csrf_and_the_merchants_own_rule(
    client, merchant, make_merchant, owner_client
):
    rule = create_rule(client, merchant)
    other = make_merchant("Other Shop")
    theirs = create_rule(client, other)
    assert owner_client.post(f"/dashboard/program/rules/{rule['id']}/active",
                             data={"active": "false"}).status_code == 400
    token = csrf_of(owner_client.get("/dashboard/program"))
    assert owner_client.post(f"/dashboard/program/rules/{theirs['id']}/active",
                             data={"active": "false", "csrf_token": token}).status_code == 404
    for mine, headers in ((rule, merchant.headers()), (theirs, other.headers())):
        assert client.get(f"/v1/rules/{mine['id']}", headers=headers).get_json()["active"]


def test_adding_a_tier_and_a_bad_one(client, merchant, owner_client):
    token = csrf_of(owner_client.get("/dashboard/program"))
    created = owner_client.post("/dashboard/program/tiers", data={
        "name": "Gold", "metric": "approved_referrals", "threshold": "5", "window_days": "365",
        "multiplier": "1.5", "perks": "free shipping", "csrf_token": token,
    }, follow_redirects=True)
    assert "Tier “Gold” created; 0 promoters who qualify now moved up." in created.get_data(
        as_text=True)
    tiers = client.get("/v1/tiers", headers=merchant.headers()).get_json()["data"]
    assert [(t["name"], t["threshold"], t["multiplier"]) for t in tiers] == [("Gold", 5, 15000)]
    bad = owner_client.post("/dashboard/program/tiers", data={
        "name": "Silver", "metric": "approved_referrals", "threshold": "lots",
        "window_days": "365", "csrf_token": token,
    })
    assert bad.status_code == 400 and "threshold must be a whole number." in bad.get_data(
        as_text=True)
    clash = owner_client.post("/dashboard/program/tiers", data={
        "name": "Silver", "metric": "approved_referrals", "threshold": "5",
        "window_days": "365", "csrf_token": token,
    })
    assert clash.status_code == 400 and 'value="Silver"' in clash.get_data(as_text=True)
    assert len(client.get("/v1/tiers", headers=merchant.headers()).get_json()["data"]) == 1
