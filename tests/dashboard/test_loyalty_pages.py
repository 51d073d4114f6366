"""The catalog and loyalty pages: a merchant adds rewards and codes, turns one off, reads the
retention figures, and edits, previews and switches off a kind of email."""

import re

from tests.support.catalog import catalog_reward, mature, redeem_reward, welcome_points
from tests.support.dashboard import csrf_of
from tests.support.referrals import enroll


def test_a_merchant_builds_the_catalog_from_the_dashboard(client, merchant, owner_client):
    token = csrf_of(owner_client.get("/dashboard/catalog"))
    added = owner_client.post("/dashboard/catalog", data={
        "name": "Partner voucher", "kind": "code_pool", "points_cost": "300",
        "csrf_token": token}, follow_redirects=True)
    assert "Reward “Partner voucher” added to the catalog." in added.get_data(as_text=True)
    (reward,) = client.get("/v1/catalog_rewards", headers=merchant.headers()).get_json()["data"]

    uploaded = owner_client.post(f"/dashboard/catalog/{reward['id']}/codes", data={
        "codes": "VOUCH-1\r\nVOUCH-2\r\n\r\nVOUCH-1", "csrf_token": token},
        follow_redirects=True)
    assert "2 new code(s) added." in uploaded.get_data(as_text=True)
    assert "2 code(s) left" in uploaded.get_data(as_text=True)
    off = owner_client.post(f"/dashboard/catalog/{reward['id']}/active", data={
        "active": "false", "csrf_token": token}, follow_redirects=True)
    assert "is no longer offered" in off.get_data(as_text=True)
    listed = client.get(f"/v1/catalog_rewards/{reward['id']}", headers=merchant.headers())
    assert listed.get_json()["active"] is False and listed.get_json()["codes_left"] == 2

    bad = owner_client.post("/dashboard/catalog", data={
        "name": "Half off", "kind": "percent_coupon", "points_cost": "10", "csrf_token": token})
    assert bad.status_code == 400
    assert "percent_off is given for percent_coupon rewards" in bad.get_data(as_text=True)


def test_the_loyalty_page_shows_the_retention_figures(client, merchant, owner_client):
    welcome_points(client, merchant, 100)
    ana = enroll(client, merchant, external_id="cus_ana")
    mature(client)
    reward = catalog_reward(client, merchant, kind="free_shipping", points_cost=25)
    redeem_reward(client, merchant, ana["id"], reward["id"])

    page = owner_client.get("/dashboard/loyalty").get_data(as_text=True)

    assert re.search(r'id="members">1<', page)
    assert re.search(r'id="liability">\$0\.75<', page)  # 75 points at one cent
    assert re.search(r'id="redemption-rate">25%<', page)


def test_a_merchant_previews_saves_and_switches_off_an_email(client, merchant, owner_client):
    token = csrf_of(owner_client.get("/dashboard/loyalty"))
    template = ("Subject: {{ points }} points for you\n\n"
                "Hi {{ member_name }}, from {{ merchant_name }}.")
    preview = owner_client.post("/dashboard/loyalty/messages", data={
        "kind": "reward_earned", "enabled": "true", "template": template, "action": "preview",
        "csrf_token": token})
    shown = preview.get_data(as_text=True)
    assert "150 points for you" in shown and "Hi Ana, from Acme Outfitters." in shown

    saved = owner_client.post("/dashboard/loyalty/messages", data={
        "kind": "reward_earned", "template": template, "action": "save", "csrf_token": token},
        follow_redirects=True)
    assert "Reward earned emails are off." in saved.get_data(as_text=True)
    assert "Reward earned (off, your wording)" in saved.get_data(as_text=True)

    broken = owner_client.post("/dashboard/loyalty/messages", data={
        "kind": "reward_earned", "enabled": "true", "template": "Subject: {{ nope }}\n\nx",
        "action": "save", "csrf_token": token})
    assert broken.status_code == 400 and "does not render" in broken.get_data(as_text=True)
