"""Mass assignment, generated from the OpenAPI document: every write operation, sent a valid
body plus one field it does not document (balance, status, tier, merchant, id...), refuses it
with a 400 naming that field and changes nothing; the forged value is found nowhere in the
database afterwards. A write operation added later without a valid body below fails here."""

import json
import re

from tests.support.errors import error_of
from tests.support.merchant_world import build_world, snapshot

# Fields a caller must never set by sending them along, with a value we can find if it sticks.
FORGED = {
    "balance": 987_654_321, "available": 987_654_322, "pending": 987_654_323,
    "points": 987_654_324, "lifetime": 987_654_325, "status": "forged_status",
    "tier": "forged_tier", "tier_id": "tie_forged0000000000", "merchant": "mer_forged0000000000",
    "merchant_id": "mer_forged0000000001", "id": "pro_forged0000000000",
    "created_at": "2001-02-03T04:05:06Z", "object": "forged_object", "livemode": True,
    "promoter": "pro_forged0000000001", "erased_at": "2001-02-03T04:05:07Z",
    "secret": "whsec_forgedforgedforged", "digest": "forged_digest",
}
# A body valid for the world's merchant, per write operation of the OpenAPI document.
VALID_BODIES = {
    ("patch", "/v1/merchant"): lambda w: {"hold_days": 7},
    ("post", "/v1/promoters"): lambda w: {"external_id": "cus_new", "email": "new@example.com"},
    ("delete", "/v1/promoters/{promoter_id}"): None,
    ("patch", "/v1/promoters/{promoter_id}"): lambda w: {"birthday": "07-22"},
    ("post", "/v1/activities"): lambda w: {"member": w.ids["promoter_id"],
                                           "type": "review.written", "external_id": "review-2"},
    ("post", "/v1/promoters/{promoter_id}/block"): lambda w: {},
    ("post", "/v1/promoters/{promoter_id}/unblock"): lambda w: {},
    ("post", "/v1/referrals"): lambda w: {"referee_external_id": "cus_new",
                                          "code": w.promoter["code"]},
    ("post", "/v1/referrals/{referral_id}/approve"): lambda w: {"note": "ok"},
    ("post", "/v1/referrals/{referral_id}/reject"): lambda w: {"note": "no"},
    ("post", "/v1/referrals/bulk_approve"): lambda w: {"referrals": [w.held_referral_id]},
    ("post", "/v1/referrals/bulk_reject"): lambda w: {"referrals": [w.held_referral_id]},
    ("post", "/v1/review_cases/{case_id}/approve"): lambda w: {"note": "ok"},
    ("post", "/v1/review_cases/{case_id}/reject"): lambda w: {"note": "no"},
    ("patch", "/v1/fraud_settings"): lambda w: {"velocity": "review"},
    ("post", "/v1/orders"): lambda w: {"external_id": "o-new", "customer_external_id": "cus_ben",
                                       "amount": 1000, "currency": "USD"},
    ("post", "/v1/orders/{order_id}/refunds"): lambda w: {"amount": 10, "external_id": "re_new"},
    ("post", "/v1/redemptions"): lambda w: {"promoter": w.ids["promoter_id"], "points": 1},
    ("post", "/widget/v1/enrollment"): lambda w: {},
    ("post", "/widget/v1/shares"): lambda w: {"channel": "email"},
    ("post", "/widget/v1/feedback"): lambda w: {"score": 9},
    ("post", "/v1/rules"): lambda w: {"name": "R", "trigger": "referral.approved",
                                      "beneficiary": "referrer",
                                      "reward": {"type": "fixed_points", "value": 5}},
    ("patch", "/v1/rules/{rule_id}"): lambda w: {"name": "Renamed"},
    ("post", "/v1/rules/dry_run"): lambda w: {"trigger": "order.paid", "order_amount": 4999,
                                              "currency": "USD"},
    ("post", "/v1/tiers"): lambda w: {"name": "Silver", "metric": "approved_referrals",
                                      "threshold": 2, "window_days": 30},
    ("patch", "/v1/tiers/{tier_id}"): lambda w: {"name": "Platinum"},
    ("delete", "/v1/tiers/{tier_id}"): None,
    ("post", "/v1/widget_sessions"): lambda w: {"customer": {"external_id": "cus_new"}},
    ("patch", "/v1/widget_settings"): lambda w: {"title": "Share the love"},
    ("post", "/v1/events/{event_id}/redeliver"): lambda w: {},
    ("post", "/v1/webhook_endpoints"): lambda w: {"url": "http://127.0.0.1:9/x",
                                                  "enabled_events": ["*"]},
    ("patch", "/v1/webhook_endpoints/{endpoint_id}"): lambda w: {"description": "CRM"},
    ("delete", "/v1/webhook_endpoints/{endpoint_id}"): None,
    ("post", "/v1/webhook_endpoints/{endpoint_id}/rotate_secret"):
        lambda w: {"previous_secret_expires_in": 60},
    ("post", "/v1/webhook_endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver"):
        lambda w: {},
    ("post", "/v1/promoters/{promoter_id}/portal_sessions"): lambda w: {},
    ("post", "/v1/promoters/{promoter_id}/stripe_promotion_code"): lambda w: {},
    ("post", "/v1/exchange_rates"): lambda w: {"currency": "GBP", "rate": "1.27"},
    ("delete", "/v1/exchange_rates/{currency}"): None,
}


def write_operations(spec: dict) -> list[tuple[str, str, set[str] | None]]:
    """(method, path, documented body fields or None when the operation takes no body)."""
    operations = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in ("post", "patch", "put", "delete"):
                continue
            body = operation.get("requestBody")
            fields = None
            if body:
                ref = body["content"]["application/json"]["schema"]["$ref"]
                schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
                fields = set(schema.get("properties", {}))
            operations.append((method, path, fields))
    return sorted(operations, key=lambda op: (op[0] == "delete", op[1]))


def url(path: str, world) -> str:
    return re.sub(r"{(\w+)}", lambda match: world.ids[match.group(1)], path)


def headers_for(path: str, world) -> dict:
    if path.startswith("/widget/"):
        from tests.support.widget import widget_headers
        return widget_headers(world.merchant.publishable, world.widget_token)
    return world.merchant.headers()


def test_every_write_operation_has_a_valid_body_here(client):
    spec = client.get("/v1/openapi.json").get_json()
    operations = {(method, path) for method, path, _ in write_operations(spec)}
    assert operations == set(VALID_BODIES), (
        "write operations without a body in VALID_BODIES, or bodies for operations that are "
        f"gone: {operations ^ set(VALID_BODIES)}")


def test_no_write_operation_accepts_fields_it_does_not_document(app, client, clock, merchant):
    world = build_world(client, merchant, clock)
    spec = client.get("/v1/openapi.json").get_json()
    tried = 0
    for method, path, documented in write_operations(spec):
        make_body = VALID_BODIES[(method, path)]
        # Refused requests change nothing, so one comparison per operation finds any change.
        before = snapshot(app) if documented is not None else None
        for name, value in FORGED.items():
            if documented is not None and name in documented:
                continue  # a real input of this operation (redemptions take points)
            body = {**(make_body(world) if make_body else {}), name: value}
            response = client.open(url(path, world), method=method.upper(), json=body,
                                   headers=headers_for(path, world))
            tried += 1
            if documented is None:
                assert method == "delete", f"{method} {path} has no request schema"
                # A DELETE takes no body: whatever is sent is ignored (the object may be gone
                # after the first one); the search for traces below checks it stuck nowhere.
                assert response.status_code in (200, 404), (method, path, name)
                continue
            assert response.status_code == 400, (method, path, name, response.get_json())
            error = error_of(response)
            assert (error["code"], error["param"]) == ("parameter_unknown", name) or (
                name in ("id", "object", "created_at", "livemode")
                and error["param"] == name), (method, path, name, error)
        if before is not None:
            assert snapshot(app) == before, (method, path)
    assert tried > 250
    stored = json.dumps(snapshot(app))
    for name, value in FORGED.items():
        if not isinstance(value, bool):
            assert str(value) not in stored, f"{name}={value} was stored"


def test_the_valid_bodies_are_accepted(app, client, clock, merchant):
    """So each refusal above is the forged field's doing, not a body we got wrong."""
    world = build_world(client, merchant, clock)
    spec = client.get("/v1/openapi.json").get_json()
    for method, path, _ in write_operations(spec):
        make_body = VALID_BODIES[(method, path)]
        response = client.open(url(path, world), method=method.upper(),
                               json=make_body(world) if make_body else None,
                               headers=headers_for(path, world))
        # A state conflict (approving an approved referral) is fine: the body was understood.
        assert response.status_code < 400 or response.status_code == 409, (
            method, path, response.get_json())
