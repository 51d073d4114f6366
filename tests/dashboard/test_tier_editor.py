"""Tiers edited and deleted from the dashboard, validated like PATCH and DELETE /v1/tiers."""

import html

from tests.support.dashboard import csrf_of
from tests.support.referrals import enroll
from tests.support.tiers import GOLD, SILVER, create_tier, earn_points, tier_of

TIMES = "\N{MULTIPLICATION SIGN}"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def fields(tier: dict, **changes) -> dict:
    form = {name: str(tier[name] if tier[name] is not None else "") for name in (
        "name", "metric", "threshold", "window_days", "grace_days", "perks")}
    form["multiplier"] = f"{tier['multiplier'] / 10_000:g}"  # the form takes times, not bp
    return {**form, **changes}


def test_a_tier_is_edited_and_a_bad_edit_is_refused_on_its_field(client, merchant, owner_client):
    silver = create_tier(client, merchant, **SILVER)
    create_tier(client, merchant, **GOLD)
    form = text(owner_client.get(f"/dashboard/program/tiers/{silver['id']}/edit"))
    assert 'value="Silver"' in form and 'value="1.25"' in form
    token = csrf_of(owner_client.get(f"/dashboard/program/tiers/{silver['id']}/edit"))

    saved = owner_client.post(f"/dashboard/program/tiers/{silver['id']}", data={
        **fields(silver, name="Bronze", threshold="50", perks=""), "csrf_token": token,
    }, follow_redirects=True)
    assert "Tier “Bronze” saved; 0 promoters who qualify now moved up." in text(saved)
    api = client.get(f"/v1/tiers/{silver['id']}", headers=merchant.headers()).get_json()
    assert (api["name"], api["threshold"], api["perks"]) == ("Bronze", 50, None)

    api_refusal = client.patch(f"/v1/tiers/{silver['id']}", json={"threshold": 300},
                               headers=merchant.headers()).get_json()["error"]["message"]
    for change, field, expected in (
        ({"threshold": "300"}, "threshold", api_refusal),
        ({"multiplier": "0.5"}, "multiplier", "Enter how many times the points, from 1 to 10"),
        ({"window_days": "soon"}, "window_days", "must be a whole number."),
        ({"threshold": ""}, "threshold", "Field may not be null."),
    ):
        refused = owner_client.post(f"/dashboard/program/tiers/{silver['id']}", data={
            **fields(api, **change), "csrf_token": token})
        assert refused.status_code == 400
        assert f'id="f-{field}-error">{expected}' in text(refused), change
    assert client.get(f"/v1/tiers/{silver['id']}", headers=merchant.headers()).get_json() == api


def test_deleting_a_tier_asks_first_then_moves_its_promoters(app, client, merchant,
                                                            owner_client):
    silver = create_tier(client, merchant, **SILVER)
    gold = create_tier(client, merchant, **GOLD)
    ana = enroll(client, merchant)["id"]
    earn_points(app, client, merchant, ana, 350, "o1")
    confirm = text(owner_client.get(f"/dashboard/program/tiers/{gold['id']}/delete"))
    assert "1 promoter is in this tier now." in confirm
    assert tier_of(client, merchant, ana)[0] == "Gold"
    token = csrf_of(owner_client.get(f"/dashboard/program/tiers/{gold['id']}/delete"))
    done = owner_client.post(f"/dashboard/program/tiers/{gold['id']}/delete",
                             data={"csrf_token": token}, follow_redirects=True)
    assert "Tier “Gold” deleted; 1 promoter moved" in text(done)
    assert tier_of(client, merchant, ana)[0] == "Silver"
    assert [t["id"] for t in client.get("/v1/tiers", headers=merchant.headers())
            .get_json()["data"]] == [silver["id"]]


def test_another_merchants_tier_is_not_there(client, make_merchant, owner_client):
    theirs = create_tier(client, make_merchant("Other Shop"), **SILVER)
    token = csrf_of(owner_client.get("/dashboard/program"))
    assert owner_client.get(f"/dashboard/program/tiers/{theirs['id']}/edit").status_code == 404
    assert owner_client.post(f"/dashboard/program/tiers/{theirs['id']}/delete",
                             data={"csrf_token": token}).status_code == 404
    assert owner_client.post(f"/dashboard/program/tiers/{theirs['id']}", data={
        **fields(theirs, name="Mine"), "csrf_token": token}).status_code == 404


def test_the_multiplier_is_read_and_written_as_times_the_points(client, merchant,
                                                                owner_client):
    silver = create_tier(client, merchant, **SILVER)  # 12500 basis points through the API
    page = text(owner_client.get("/dashboard/program"))
    assert f"1.25{TIMES}" in page and "basis points" not in page and "12500" not in page
    form = text(owner_client.get(f"/dashboard/program/tiers/{silver['id']}/edit"))
    assert 'name="multiplier" type="text" value="1.25"' in form and "basis points" not in form
    token = csrf_of(owner_client.get(f"/dashboard/program/tiers/{silver['id']}/edit"))

    saved = owner_client.post(f"/dashboard/program/tiers/{silver['id']}", data={
        **fields(silver, multiplier="1.5"), "csrf_token": token}, follow_redirects=True)
    assert f"1.5{TIMES}" in text(saved)
    api = client.get(f"/v1/tiers/{silver['id']}", headers=merchant.headers()).get_json()
    assert api["multiplier"] == 15_000  # the API keeps basis points

    # 1.00005x would need half a basis point: refused in words, nothing saved.
    for typed in ("1.00005", "one and a half", "15000"):
        refused = owner_client.post(f"/dashboard/program/tiers/{silver['id']}", data={
            **fields(api, multiplier=typed), "csrf_token": token})
        assert refused.status_code == 400, typed
        assert ('id="f-multiplier-error">Enter how many times the points, from 1 to 10, '
                f"like 1.5 for 1.5{TIMES} (at most 4 decimal places).") in text(refused), typed
    assert client.get(f"/v1/tiers/{silver['id']}", headers=merchant.headers()
                      ).get_json()["multiplier"] == 15_000

    added = owner_client.post("/dashboard/program/tiers", data={
        "name": "Gold", "metric": "points_earned", "threshold": "300", "window_days": "30",
        "multiplier": "2.0001", "csrf_token": token}, follow_redirects=True)
    assert f"2.0001{TIMES}" in text(added)
    too_precise = owner_client.post("/dashboard/program/tiers", data={
        "name": "Platinum", "metric": "points_earned", "threshold": "900", "window_days": "30",
        "multiplier": "2.00001", "csrf_token": token})
    assert too_precise.status_code == 400
    assert "at most 4 decimal places" in text(too_precise)
    multipliers = [t["multiplier"] for t in client.get(
        "/v1/tiers", headers=merchant.headers()).get_json()["data"]]
    assert sorted(multipliers) == [15_000, 20_001]
