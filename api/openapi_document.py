"""What turns flask-smorest's document into one that client generators and linters trust.

- every operation has a stable Stripe-style `operationId` (`GetPromotersPromoter`), read from
  its method and path, so a generated client's method names never change by accident;
- every operation documents the errors it can answer, with the error object: 400 (the
  validation status the server really sends), 401 (the key), 404 where the path names an
  object, 409 on POST (an Idempotency-Key reused);
- every POST declares the `Idempotency-Key` header;
- a read schema marks every field required (the server always sends every field; `null` only
  where the field says `nullable`); `format: url` becomes the standard `uri`;
- the document names its server, its licence, and the public redirect `/r/{code}`.
"""

import re
from typing import Any

import marshmallow as ma
from apispec import BasePlugin
from flask import Flask
from flask_smorest import Api

from api.request.schemas import WriteSchema

IDEMPOTENCY_KEY = {
    "in": "header", "name": "Idempotency-Key", "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": "Makes a retry safe: the same key and parameters replay the first answer "
                   "for 24 hours (docs: API conventions).",
}
LICENSE = {"name": "Apache-2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"}


def operation_id(method: str, path: str) -> str:
    """`GET /v1/promoters/{promoter_id}/balance` -> `GetPromotersPromoterBalance`."""
    words = []
    for segment in path.strip("/").split("/")[1:] if path.startswith("/v1/") else (
            path.strip("/").split("/")):
        name = segment.strip("{}")
        if segment.startswith("{") and name.endswith("_id"):
            name = name[: -len("_id")]
        words.extend(part.capitalize() for part in re.split(r"[_\-.]", name) if part)
    return method.capitalize() + "".join(words)


class GoodwordSpecPlugin(BasePlugin):
    def operation_helper(self, path: str | None = None, operations: dict | None = None,
                         **kwargs: Any) -> None:
        for method, operation in (operations or {}).items():
            operation.setdefault("operationId", operation_id(method, path or ""))
            responses = operation.setdefault("responses", {})
            statuses = {str(status) for status in responses}
            responses.pop(422, None)
            responses.pop("422", None)
            wanted = ["400", "401"]
            if "{" in (path or ""):
                wanted.append("404")
            if method == "post":
                wanted.append("409")
                parameters = operation.setdefault("parameters", [])
                if not any(isinstance(p, dict) and p.get("name") == IDEMPOTENCY_KEY["name"]
                           for p in parameters):
                    parameters.append(dict(IDEMPOTENCY_KEY))
            for status in wanted:
                if status not in statuses:
                    responses[status] = _STATUS_NAMES[status]

    def schema_helper(self, name: str, definition: dict, **kwargs: Any) -> dict | None:
        schema = kwargs.get("schema")
        schema_class = schema if isinstance(schema, type) else type(schema)
        properties = definition.get("properties") or {}
        for prop in properties.values():
            if prop.get("format") == "url":
                prop["format"] = "uri"
        if not properties or (isinstance(schema_class, type)
                              and issubclass(schema_class, WriteSchema)):
            return None
        return {"required": sorted(properties)}


_STATUS_NAMES = {"400": "BAD_REQUEST", "401": "UNAUTHORIZED", "404": "NOT_FOUND",
                 "409": "CONFLICT"}


def spec_options(public_url: str) -> dict:
    return {"servers": [{"url": public_url, "description": "this Goodword"}],
            "info": {"license": LICENSE,
                     "description": "Referral and loyalty rewards: signed links, a rewards "
                                    "ledger, rules and tiers."}}


def document_redirect(api: Api, app: Flask) -> None:
    """`/r/{code}` is not a /v1 route (no key: shoppers follow it), but clients build it."""
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == "redirects.follow")
    api.spec.path(rule=rule, operations={"get": {
        "operationId": "GetReferralLink",
        "summary": "Follow a referral link: the click is recorded, then the browser is sent on.",
        "tags": ["links"],
        "security": [],
        "responses": {
            "302": {"description": "To the shop with `gw_click=clk_...` added, or home if unknown.",
                    "headers": {"Location": {"schema": {"type": "string",
                                                            "format": "uri-reference"}}}},
            "404": "NOT_FOUND",
            "429": "TOO_MANY_REQUESTS",
        },
    }})


def unused_components(api: Api) -> None:
    # flask-smorest registers its pagination schema whether or not a route pages with it.
    api.spec.components.schemas.pop("PaginationMetadata", None)


def field_types(api: Api) -> None:
    """Fields whose type the marshmallow plugin cannot read: constants and computed fields."""
    api.ma_plugin.converter.add_attribute_function(_constant_type)


def _constant_type(self: Any, field: ma.fields.Field, **kwargs: Any) -> dict:
    if isinstance(field, ma.fields.Constant):
        value = field.constant
        kind = {bool: "boolean", int: "integer", str: "string"}.get(type(value))
        return {"type": kind, "enum": [value]} if kind else {}
    if isinstance(field, ma.fields.Method | ma.fields.Function) and "type" not in field.metadata:
        return {"type": "string"}
    return {}
