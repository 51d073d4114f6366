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
