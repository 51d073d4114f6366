"""The OpenAPI document as client generators read it: stable operation ids, the errors the
server really answers, required fields, the Idempotency-Key header, a server, standard formats."""

import re

import pytest

from api.openapi_document import operation_id
from tests.support.errors import error_of

METHODS = ("get", "post", "patch", "put", "delete")


@pytest.fixture
def document(client) -> dict:
    return client.get("/v1/openapi.json").get_json()


def operations(document: dict):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def test_every_operation_has_a_stable_unique_id(document):
    ids = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(ids) == len(set(ids)) > 50
    assert "GetPromotersPromoter" in ids and "PostOrdersOrderRefunds" in ids
    assert operation_id("get", "/v1/promoters/{promoter_id}/ledger_transactions") == (
        "GetPromotersPromoterLedgerTransactions")


def test_every_operation_documents_the_errors_it_answers_with_the_error_object(document):
    error_ref = "#/components/schemas/ErrorResponse"
    for method, path, operation in operations(document):
        responses = operation["responses"]
        assert "422" not in responses, (method, path)
        if path.startswith(("/v1/", "/widget/v1/")):
            assert {"400", "401"} <= set(responses), (method, path)
            assert any(status.startswith("2") for status in responses), (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
    bad_request = document["components"]["responses"]["BAD_REQUEST"]
    assert bad_request["content"]["application/json"]["schema"]["$ref"] == error_ref


def test_a_bad_body_gets_the_status_the_document_names(app, client, merchant, document):
    posts = [(path, op) for method, path, op in operations(document)
             if method == "post" and path.startswith("/v1/") and "requestBody" in op]
    assert len(posts) > 15
    for path, operation in posts:
        url = re.sub(r"\{[^}]+\}", "x_1", path)
        response = client.post(url, json={"no_such_field": 1}, headers=merchant.headers())
        assert response.status_code == 400, (path, response.get_json())
        assert error_of(response)["code"] in ("parameter_unknown", "parameter_missing")
        assert "400" in operation["responses"]


def test_every_post_declares_the_idempotency_key(document):
    for method, path, operation in operations(document):
        if method == "post":
            names = [parameter.get("name") for parameter in operation.get("parameters", [])]
            assert "Idempotency-Key" in names, path


def test_read_schemas_mark_their_fields_required_and_write_schemas_only_the_needed(document):
    schemas = document["components"]["schemas"]
    assert {"id", "object", "email", "code", "created_at"} <= set(
        schemas["PromoterRead"]["required"])
    assert schemas["PromoterRead"]["properties"]["email"]["nullable"] is True
    assert schemas["OrderCreate"]["required"] == [
        "amount", "currency", "customer_external_id", "external_id"]
    assert "required" not in schemas["TierUpdate"]


def test_every_field_is_typed_and_formats_are_standard(document):
    for name, schema in document["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            assert {"type", "$ref", "allOf", "oneOf", "anyOf"} & set(prop), (name, field, prop)
            assert prop.get("format") != "url", (name, field)
    tier_object = document["components"]["schemas"]["TierRead"]["properties"]["object"]
    assert (tier_object["type"], tier_object["enum"]) == ("string", ["tier"])


def test_the_document_names_its_server_and_the_public_redirect(app, document):
    assert document["servers"][0]["url"] == app.config["PUBLIC_URL"]
    assert document["info"]["license"]["name"] == "Apache-2.0"
    redirect = document["paths"]["/r/{link}"]["get"]
    assert redirect["security"] == [] and "302" in redirect["responses"]
    assert "PaginationMetadata" not in document["components"]["schemas"]


def test_a_number_is_not_a_boolean(client, merchant):
    created = client.post("/v1/rules", headers=merchant.headers(), json={
        "name": "Give 500", "trigger": "order.paid", "beneficiary": "referrer",
        "reward": {"type": "fixed_points", "value": 500}})
    rule_id = created.get_json()["id"]
    for body in ({"active": 0}, {"conditions": {"first_order_only": 1}}):
        refused = client.patch(f"/v1/rules/{rule_id}", headers=merchant.headers(), json=body)
        assert refused.status_code == 400, (body, refused.get_json())
        assert "boolean" in error_of(refused)["message"]
    rule = client.get(f"/v1/rules/{rule_id}", headers=merchant.headers()).get_json()
    assert rule["active"] is True and rule["current_version"] == 1


def test_a_body_the_document_requires_is_required(client, merchant):
    missing = client.post("/v1/promoters", headers=merchant.headers())
    assert missing.status_code == 400
    assert error_of(missing)["code"] == "parameter_missing"
    assert client.get("/v1/promoters", headers=merchant.headers()).get_json()["data"] == []
    unchanged = client.patch("/v1/merchant", headers=merchant.headers(), json={})
    assert unchanged.status_code == 200


def test_an_action_route_is_not_an_object_id(client, merchant):
    for path in ("/v1/rules/dry_run", "/v1/referrals/bulk_approve", "/v1/referrals/bulk_reject"):
        allowed = client.open(path, method="OPTIONS").headers["Allow"]
        assert set(allowed.split(", ")) == {"OPTIONS", "POST"}, path


def test_every_operation_says_what_it_does(document):
    for method, path, operation in operations(document):
        assert operation.get("summary"), (method, path)
