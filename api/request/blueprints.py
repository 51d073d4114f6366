"""Blueprint factories: every /v1 route authenticates, checks its body and claims its key here."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import marshmallow as ma
from flask import current_app, request
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser
from werkzeug.routing import BaseConverter

from api.request import idempotency
from api.request.auth import require_key
from api.request.context import current_key, current_merchant
from api.request.errors import ApiError

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _require_json_body() -> None:
    if request.method in WRITE_METHODS and request.content_length and not request.is_json:
        raise ApiError(
            400,
            "invalid_content_type",
            "Send the request body as JSON with 'Content-Type: application/json'.",
            error_type="invalid_request_error",
        )


def _refuse_undeclared_query() -> None:
    """A route that declares no query parameters refuses any, as Stripe does: `?limit=1` on a
    route without paging is an error, not a silently ignored wish. Routes that declare some are
    checked field by field by `StrictParser`."""
    if not request.args or _declared(request.endpoint or "", request.method).query:
        return
    param = next(iter(request.args))
    raise ApiError(400, "parameter_unknown", f"Received unknown parameter: {param}", param=param)


def _require_declared_body() -> None:
    """A route whose document says its body is required refuses a request without one (an
    update sends `{}` to change nothing); actions with nothing to say declare theirs optional."""
    if not _declared(request.endpoint or "", request.method).body_required:
        return
    if request.content_length or request.headers.get("Transfer-Encoding"):
        return
    raise ApiError(400, "parameter_missing",
                   "This request needs a JSON object as its body ({} if no field changes).")


@dataclass(frozen=True)
class _Declared:
    query: bool
    body_required: bool


_DECLARED: dict[tuple[str, str], _Declared] = {}


def _declared(endpoint: str, method: str) -> _Declared:
    """What the route's handler declares (flask-smorest keeps it on the function for the
    document), read once per route."""
    key = (endpoint, method)
    if key not in _DECLARED:
        view = current_app.view_functions.get(endpoint)
        view_class = getattr(view, "view_class", None)
        handler = getattr(view_class, method.lower(), None) if view_class else view
        parameters = getattr(handler, "_apidoc", {}).get("arguments", {}).get("parameters", [])
        _DECLARED[key] = _Declared(
            query=any(parameter.get("in") == "query" for parameter in parameters),
            body_required=any(parameter.get("in") == "json" and parameter.get("required")
                              for parameter in parameters),
        )
    return _DECLARED[key]


class StrictParser(FlaskParser):
    """Unknown query parameters are refused like unknown body fields, never silently dropped;
    JSON that cannot be stored (NULs, unpaired surrogates) or parsed safely (absurd nesting,
    integers of thousands of digits) is a 400, never a 500."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": ma.RAISE}
    # What the server answers (api/request/errors.py), so the document says 400, not 422.
    DEFAULT_VALIDATION_STATUS = 400

    def _raw_load_json(self, req):
        try:
            payload = super()._raw_load_json(req)
        except json.JSONDecodeError:
            raise
        except (ValueError, RecursionError) as exc:
            # A non-empty `doc`: webargs reads an empty one as "no body at all".
            raise json.JSONDecodeError(str(exc), "<request body>", 0) from exc
        bad_path = _unstorable_text(payload)
        if bad_path is not None:
            raise ma.ValidationError(
                {bad_path or "_schema": ["Text may not contain NUL characters or lone surrogates."]}
            )
        return payload


def _unstorable_text(value, path: str = "") -> str | None:
    """The path of the first string PostgreSQL text or UTF-8 cannot hold, if any."""
    if isinstance(value, str):
        if "\x00" in value:
            return path
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    items = value.items() if isinstance(value, dict) else (
        enumerate(value) if isinstance(value, list) else ()
    )
    for key, item in items:
        if isinstance(key, str) and _unstorable_text(key) is not None:
            return path or "_schema"
        child = str(key) if not path else f"{path}[{key}]"
        found = _unstorable_text(item, child)
        if found is not None:
            return found
    return None


class StrictBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()


def keyed_blueprint(name: str, import_name: str, *, url_prefix: str, kinds: tuple[str, ...],
                    description: str, caller: Callable[[], str] | None = None) -> Blueprint:
    """A flask-smorest blueprint whose routes need an API key of one of `kinds`; `caller` names
    who, beyond the key, an Idempotency-Key belongs to (see `idempotency.begin`)."""
    blueprint = StrictBlueprint(
        name, import_name, url_prefix=url_prefix, description=description
    )

    @blueprint.before_request
    def authenticate_and_claim():
        if request.method == "OPTIONS":
            # A CORS preflight never carries the Authorization header; Flask answers it.
            return None
        require_key(*kinds)
        _require_json_body()
        _refuse_undeclared_query()
        _require_declared_body()
        api_key = current_key()
        return idempotency.begin(current_merchant().id, f"{api_key.kind}:{api_key.mode}",
                                 caller() if caller else None)

    return blueprint


def secret_blueprint(name: str, import_name: str, *, url_prefix: str, description: str):
    return keyed_blueprint(
        name, import_name, url_prefix=url_prefix, kinds=("secret",), description=description
    )


def id_converter(*actions: str) -> type[BaseConverter]:
    """A path converter for an object's id that never matches the collection's action routes
    (`/v1/rules/dry_run`, `/v1/referrals/bulk_approve`), so OPTIONS on an action allows only
    the action's own method, and a GET on it is a 405, not a lookup of an id named so."""
    names = "|".join(re.escape(action) for action in actions)
    return type("IdConverter", (BaseConverter,), {"regex": rf"(?!(?:{names})(?:/|$))[^/]+"})


# Registered on the app (api/app.py) under these names: `<rule_id:rule_id>` in a route.
ID_CONVERTERS = {
    "rule_id": id_converter("dry_run"),
    "referral_id": id_converter("bulk_approve", "bulk_reject"),
}
