"""Every answer names its request (`Request-Id: req_...`), as Stripe's do: a merchant quoting
it lets us find the one request, and the app's own log lines about a request carry the id."""

import secrets

from flask import Flask, Response, g, has_request_context

HEADER = "Request-Id"


def request_id() -> str:
    """This request's id, made on first use; `-` outside a request (the worker, the CLI)."""
    if not has_request_context():
        return "-"
    rid = g.get("request_id")
    if rid is None:
        rid = g.request_id = "req_" + secrets.token_urlsafe(12)
    return rid


def _add_header(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    return response


def init_app(app: Flask) -> None:
    app.after_request(_add_header)
