"""Conventions a developer who knows Stripe expects: a Request-Id on every answer, and a
DELETE that answers the object with `deleted: true`."""

import re

import pytest

from tests.support.merchant_world import build_world


def test_every_answer_names_its_request_and_no_two_share_an_id(client, merchant):
    answers = [
        client.get("/v1/merchant", headers=merchant.headers()),          # 200
        client.get("/v1/merchant"),                                       # 401
        client.get("/v1/promoters/pro_nobody", headers=merchant.headers()),  # 404
        client.post("/v1/promoters", headers=merchant.headers(), json={"nope": 1}),  # 400
        client.get("/v1/openapi.json"),
        client.get("/dashboard/login"),
    ]
    ids = [answer.headers.get("Request-Id") for answer in answers]
    assert all(rid and re.fullmatch(r"req_[A-Za-z0-9_-]{16}", rid) for rid in ids), ids
    assert len(set(ids)) == len(ids)


def test_every_delete_answers_the_object_marked_deleted(app, client, merchant, clock):
    world = build_world(client, merchant, clock)
    deletes = sorted(rule.rule for rule in app.url_map.iter_rules()
                     if rule.rule.startswith("/v1/") and "DELETE" in rule.methods)
    assert "/v1/tiers/<tier_id>" in deletes and "/v1/webhook_endpoints/<endpoint_id>" in deletes
    for rule in deletes:
        path = re.sub(r"<([^>]+)>", lambda match: world.ids[match.group(1)], rule)
        response = client.delete(path, headers=merchant.headers())
        assert response.status_code == 200, (rule, response.get_json())
        body = response.get_json()
        assert body["deleted"] is True, rule
        assert path.endswith(body.get("id") or body.get("currency")), (rule, body)


def test_expand_answers_the_promoter_instead_of_its_id(client, merchant, clock):
    world = build_world(client, merchant, clock)
    h = merchant.headers()
    order_id, referral_id = world.ids["order_id"], world.ids["referral_id"]
    plain = client.get(f"/v1/orders/{order_id}", headers=h).get_json()
    assert plain["promoter"] == world.promoter["id"]
    expanded = client.get(f"/v1/orders/{order_id}?expand[]=promoter", headers=h).get_json()
    assert expanded["promoter"]["id"] == world.promoter["id"]
    assert expanded["promoter"]["object"] == "promoter"
    assert {k: v for k, v in expanded.items() if k != "promoter"} == {
        k: v for k, v in plain.items() if k != "promoter"}
    referral = client.get(f"/v1/referrals/{referral_id}?expand[]=promoter", headers=h)
    assert referral.get_json()["promoter"]["code"] == world.promoter["code"]
    listed = client.get("/v1/orders?expand[]=data.promoter", headers=h).get_json()["data"]
    assert listed[0]["promoter"]["email"] == world.promoter["email"]
    unknown = client.get(f"/v1/orders/{order_id}?expand[]=customer", headers=h)
    assert unknown.status_code == 400 and unknown.get_json()["error"]["param"].startswith(
        "expand")


def test_metadata_is_kept_returned_and_merged_as_stripe_does(client, merchant):
    h = merchant.headers()
    promoter = client.post("/v1/promoters", headers=h, json={
        "external_id": "cus_ana", "metadata": {"crm_id": "4711", "segment": "vip"}}).get_json()
    assert promoter["metadata"] == {"crm_id": "4711", "segment": "vip"}
    changed = client.patch(f"/v1/promoters/{promoter['id']}", headers=h, json={
        "metadata": {"segment": "", "source": "newsletter"}}).get_json()
    assert changed["metadata"] == {"crm_id": "4711", "source": "newsletter"}
    assert client.get(f"/v1/promoters/{promoter['id']}", headers=h).get_json()[
        "metadata"] == changed["metadata"]
    rule = client.post("/v1/rules", headers=h, json={
        "name": "Give 500", "trigger": "order.paid", "beneficiary": "referrer",
        "reward": {"type": "fixed_points", "value": 500}, "metadata": {"owner": "ops"}})
    assert rule.get_json()["metadata"] == {"owner": "ops"}
    patched = client.patch(f"/v1/rules/{rule.get_json()['id']}", headers=h,
                           json={"metadata": {"owner": "growth"}}).get_json()
    assert (patched["metadata"], patched["current_version"]) == ({"owner": "growth"}, 1)
    order = client.post("/v1/orders", headers=h, json={
        "external_id": "1001", "customer_external_id": "cus_ben", "amount": 4999,
        "currency": "USD", "metadata": {"channel": "pos"}}).get_json()
    assert order["metadata"] == {"channel": "pos"}
    endpoint = client.post("/v1/webhook_endpoints", headers=h, json={
        "url": "http://127.0.0.1:9/hooks", "enabled_events": ["*"],
        "metadata": {"team": "data"}}).get_json()
    assert endpoint["metadata"] == {"team": "data"}


@pytest.mark.parametrize(("metadata", "param"), [
    ({"k" * 41: "v"}, "metadata[" + "k" * 41 + "]"),
    ({"a[b]": "v"}, "metadata[a[b]]"),
    ({"k": "v" * 501}, "metadata[k]"),
    ({f"k{n}": "v" for n in range(51)}, "metadata"),
])
def test_metadata_over_stripes_limits_is_refused_and_nothing_is_made(client, merchant,
                                                                       metadata, param):
    h = merchant.headers()
    refused = client.post("/v1/promoters", headers=h,
                          json={"external_id": "cus_ana", "metadata": metadata})
    assert refused.status_code == 400, refused.get_json()
    assert refused.get_json()["error"]["param"] == param
    assert client.get("/v1/promoters", headers=h).get_json()["data"] == []


def test_erasure_forgets_the_metadata_kept_about_the_person(client, merchant):
    h = merchant.headers()
    ana = client.post("/v1/promoters", headers=h, json={
        "external_id": "cus_ana", "metadata": {"crm_id": "4711"}}).get_json()
    ben = client.post("/v1/promoters", headers=h, json={
        "external_id": "cus_ben", "metadata": {"crm_id": "4712"}}).get_json()
    order = client.post("/v1/orders", headers=h, json={
        "external_id": "1001", "customer_external_id": "cus_ana", "amount": 4999,
        "currency": "USD", "metadata": {"till": "anna's corner"}}).get_json()
    assert client.delete(f"/v1/promoters/{ana['id']}", headers=h).status_code == 200
    assert client.get(f"/v1/promoters/{ana['id']}", headers=h).get_json()["metadata"] == {}
    assert client.get(f"/v1/orders/{order['id']}", headers=h).get_json()["metadata"] == {}
    assert client.get(f"/v1/promoters/{ben['id']}", headers=h).get_json()["metadata"] == {
        "crm_id": "4712"}


def test_a_redemption_keeps_its_metadata_and_bad_metadata_holds_nothing(client, merchant, clock):
    world = build_world(client, merchant, clock)
    h, ana = merchant.headers(), world.promoter["id"]
    before = client.get(f"/v1/promoters/{ana}/balance", headers=h).get_json()
    refused = client.post("/v1/redemptions", headers=h, json={
        "promoter": ana, "points": 10, "metadata": {"k" * 41: "v"}})
    assert refused.status_code == 400
    assert client.get(f"/v1/promoters/{ana}/balance", headers=h).get_json() == before
    made = client.post("/v1/redemptions", headers=h, json={
        "promoter": ana, "points": 10, "metadata": {"ticket": "SUP-12"}})
    assert made.status_code == 201, made.get_json()
    got = client.get(f"/v1/redemptions/{made.get_json()['id']}", headers=h).get_json()
    assert got["metadata"] == {"ticket": "SUP-12"}
