"""Blueprint factories: every /v1 route authenticates, checks its body and claims its key here."""

import marshmallow as ma
from flask import request
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser

from api import idempotency
from api.auth import require_key
from api.context import current_merchant
from api.errors import ApiError

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _require_json_body() -> None:
    if request.method in WRITE_METHODS and request.content_length and not request.is_json:
        raise ApiError(
            400,
            "invalid_content_type",
            "Send the request body as JSON with 'Content-Type: application/json'.",
            error_type="invalid_request_error",
        )


class StrictParser(FlaskParser):
    """Unknown query parameters are refused like unknown body fields, never silently dropped."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": ma.RAISE}


class StrictBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()


def keyed_blueprint(name: str, import_name: str, *, url_prefix: str, kinds: tuple[str, ...],
                    description: str) -> Blueprint:
    """A flask-smorest blueprint whose routes need an API key of one of `kinds`."""
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
        return idempotency.begin(current_merchant().id)

    return blueprint


def secret_blueprint(name: str, import_name: str, *, url_prefix: str, description: str):
    return keyed_blueprint(
        name, import_name, url_prefix=url_prefix, kinds=("secret",), description=description
    )
