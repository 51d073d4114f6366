"""GET /bench/reference/<token>: the click path's yardstick, registered only for benchmarks.

It verifies a referral token exactly as a click does and redirects, and records nothing: what
the framework, the server and the signature check cost without the database. `bench/clicks.py`
compares GET /r/<token> against it. Present only with BENCH_REFERENCE_ROUTE=1.
"""

from flask import Blueprint, Response, current_app, redirect

from api.context import now, secret_keys
from api.redirects import link_max_age
from referrals import links

blp = Blueprint("reference_route", __name__)


@blp.get("/bench/reference/<link>")
def reference(link: str) -> Response:
    claims = links.read_link(link, secret_keys=secret_keys(), now=now(), max_age=link_max_age())
    response = redirect(current_app.config["PUBLIC_URL"] + "/", 302)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Link-Problem"] = claims.problem or "none"
    return response
