"""Conventions a developer who knows Stripe expects: a Request-Id on every answer, and a
DELETE that answers the object with `deleted: true`."""

import re

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
