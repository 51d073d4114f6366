"""The dashboard at scale and in the merchant's words: every list pages with its total, rules
show money and percentages (never basis points), rules that pay on top of each other are named,
and a failing webhook endpoint says since when and why."""

import html
import re

from core.db import db
from core.events.models import WebhookDelivery
from tests.support.dashboard import csrf_of
from tests.support.referrals import enroll, sign_up
from tests.support.rewards import create_rule
from tests.support.webhooks import Receiver, add_endpoint, deliver


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_promoters_referrals_page_through_all_of_them_with_the_total(
        client, merchant, owner_client):
    ana = enroll(client, merchant)
    for n in range(53):
        sign_up(client, merchant, code=ana["code"], referee_external_id=f"cus_{n}",
                referee_email=f"friend{n}@example.com")
    first = text(owner_client.get(f"/dashboard/promoters/{ana['id']}"))
    assert "1\u201350 of 53 referrals" in first and "page 1 of 2" in first
    assert first.count("friend") >= 50 and "friend0@" not in first  # newest first
    second = text(owner_client.get(f"/dashboard/promoters/{ana['id']}?referrals_page=2"))
    assert "51\u201353 of 53 referrals" in second
    assert "friend0@example.com" in second and "friend52@" not in second
    # A page past the end shows the last; nonsense shows the first.
    assert "51\u201353 of 53" in text(owner_client.get(
        f"/dashboard/promoters/{ana['id']}?referrals_page=99"))
    assert "1\u201350 of 53" in text(owner_client.get(
        f"/dashboard/promoters/{ana['id']}?referrals_page=-1"))
    listing = text(owner_client.get("/dashboard/promoters"))
    assert re.search(r"(All \d+|1\u201350 of \d+) promoters", listing)


def test_the_rule_editor_speaks_percent_and_money_and_plain_errors(client, merchant,
                                                                    owner_client):
    token = csrf_of(owner_client.get("/dashboard/program/rules/new?trigger=order.paid"))
    form = {"trigger": "order.paid", "name": "Ten percent", "beneficiary": "referrer",
            "active": "true", "reward[type]": "percent_of_order", "reward[value]": "10",
            "conditions[min_order_amount]": "20.00", "limits[budget]": "1,000.00",
            "sample[order_amount]": "80.00", "sample[days_since_referral]": "3",
            "csrf_token": token}
    preview = text(owner_client.post("/dashboard/program/rules", data=form))
    assert "10% of the order, as store credit" in preview
    assert "awards $8.00 to the referrer" in preview and "$1,000.00" in preview
    assert "basis points" not in preview and "1000 (percent" not in preview
    saved = owner_client.post("/dashboard/program/rules", data={**form, "step": "save"},
                              follow_redirects=True)
    (rule,) = client.get("/v1/rules", headers=merchant.headers()).get_json()["data"]
    assert rule["reward"]["value"] == 1000 and rule["conditions"]["min_order_amount"] == 2000
    assert rule["limits"]["budget"] == 100000
    program = text(saved)
    assert "10% of the order, as store credit" in program and "an order is paid" in program
    edit = text(owner_client.get(f"/dashboard/program/rules/{rule['id']}/edit"))
    assert 'value="10"' in edit and 'value="20.00"' in edit and 'value="1000.00"' in edit
    bad = text(owner_client.post("/dashboard/program/rules", data={
        **form, "reward[value]": "2.555", "conditions[min_order_amount]": "0.001"}))
    assert 'id="f-reward-value-error">Enter a percentage, like 10 or 2.5.' in bad
    assert 'id="f-conditions-min_order_amount-error">Enter an amount of money, like 20.00.' in bad
    empty = text(owner_client.post("/dashboard/program/rules", data={
        **form, "reward[value]": ""}))
    assert 'id="f-reward-value-error">Fill this in.' in empty
    assert "may not be null" not in empty


def test_two_active_rules_paying_the_same_person_on_the_same_event_are_named(
        client, merchant, owner_client):
    create_rule(client, merchant, name="Give 500")
    program = text(owner_client.get("/dashboard/program"))
    assert "rewards add up" not in program
    token = csrf_of(owner_client.get("/dashboard/program/rules/new"))
    copy = {"trigger": "referral.approved", "name": "Give 500 again", "beneficiary": "referrer",
            "active": "true", "reward[type]": "fixed_points", "reward[value]": "500",
            "sample[days_since_referral]": "3", "csrf_token": token}
    preview = text(owner_client.post("/dashboard/program/rules", data=copy))
    assert ("2 active rules pay the promoter who referred when a referred friend signs up "
            "(approved): “Give 500”, “Give 500 again”.") in preview
    saved = text(owner_client.post("/dashboard/program/rules", data={**copy, "step": "save"},
                                   follow_redirects=True))
    assert saved.count("rewards add up") == 2  # the flash after saving and the list's warning
    # Another beneficiary, or a rule turned off, is no overlap.
    create_rule(client, merchant, name="Friend gets 500", beneficiary="referee")
    (first,) = [r for r in client.get("/v1/rules", headers=merchant.headers()).get_json()["data"]
                if r["name"] == "Give 500"]
    client.patch(f"/v1/rules/{first['id']}", json={"active": False}, headers=merchant.headers())
    assert "rewards add up" not in text(owner_client.get("/dashboard/program"))


def test_a_failing_endpoint_says_since_when_and_its_last_error(app, client, clock, merchant,
                                                              owner_client):
    failing = Receiver(lambda n: 503)
    try:
        endpoint = add_endpoint(client, merchant, failing.url, events=["promoter.created"])
        healthy = add_endpoint(client, merchant, "http://127.0.0.1:9/quiet",
                               events=["referral.approved"])
        enroll(client, merchant)
        assert deliver(app) == 1
    finally:
        failing.close()
    page = text(owner_client.get("/dashboard/developers"))
    row = page.split(f'<tr id="{endpoint["id"]}">')[1].split("</tr>")[0]
    assert "failing since" in row and "last error" in row and "HTTP 503: answered 503" in row
    other = page.split(f'<tr id="{healthy["id"]}">')[1].split("</tr>")[0]
    assert "enabled, delivering" in other and "failing" not in other
    log = text(owner_client.get(f"/dashboard/developers/webhooks/{endpoint['id']}"))
    assert "failing since" in log and "All 1 deliveries" in log


def test_the_delivery_log_pages_and_keeps_long_answers_behind_a_click(app, client, merchant,
                                                                      owner_client):
    endpoint = add_endpoint(client, merchant, "http://127.0.0.1:9/hooks")
    for n in range(27):
        enroll(client, merchant, external_id=f"cus_{n}")
    with app.app_context():
        for delivery in db.session.query(WebhookDelivery).all():
            delivery.last_response = "x" * 400
        db.session.commit()
    log = text(owner_client.get(f"/dashboard/developers/webhooks/{endpoint['id']}"))
    assert "1\u201325 of 27 deliveries" in log and log.count('<tr id="whd_') == 25
    assert log.count("<details>") == 25 and log.count("x" * 400) == 25  # in full, on demand
    older = text(owner_client.get(f"/dashboard/developers/webhooks/{endpoint['id']}?page=2"))
    assert "26\u201327 of 27 deliveries" in older and older.count('<tr id="whd_') == 2


def test_the_amount_hint_names_the_chosen_rewards_unit(owner_client):
    points = text(owner_client.get("/dashboard/program/rules/new"))
    assert "points, like 500" in points and "basis points" not in points
    token = csrf_of(owner_client.get("/dashboard/program/rules/new"))
    percent = text(owner_client.post("/dashboard/program/rules", data={
        "trigger": "referral.approved", "step": "edit", "reward[type]": "percent_of_order",
        "csrf_token": token}))
    assert "percent of the order, like 10 for 10%" in percent
