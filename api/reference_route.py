"""The benchmarks' yardsticks, registered only with BENCH_REFERENCE_ROUTE=1.

GET /bench/reference/<token> verifies a referral token exactly as a click does and redirects,
and records nothing: what the framework, the server and the signature check cost without the
database. `bench/clicks.py` compares GET /r/<token> against it.

POST /bench/reference/orders is POST /v1/orders with no order: the same secret-key
authentication, body checks and schemas, answered with an order that is never written. What
the request costs before the money path; `bench/ledger.py` reports POST /v1/orders against it.
"""

from flask import Blueprint, Response, current_app, redirect
from flask.views import MethodView

from api.redirects import link_max_age
from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant, now, secret_keys
from api.v1.orders import OrderCreate, OrderRead
from core.ids import new_id
from referrals.links import service as links
from rewards.orders.models import Order

blp = Blueprint("reference_route", __name__)
orders_blp = secret_blueprint(
    "orders_reference", __name__, url_prefix="/bench/reference/orders",
    description="Benchmarks only: POST /v1/orders without the order.",
)


@blp.get("/bench/reference/<link>")
def reference(link: str) -> Response:
    claims = links.read_link(link, secret_keys=secret_keys(), now=now(), max_age=link_max_age())
    response = redirect(current_app.config["PUBLIC_URL"] + "/", 302)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Link-Problem"] = claims.problem or "none"
    return response


@orders_blp.route("")
class OrderReference(MethodView):
    @orders_blp.arguments(OrderCreate)
    @orders_blp.response(201, OrderRead)
    def post(self, fields):
        """An order as POST /v1/orders would answer it, recorded nowhere."""
        for name in ("click_id", "token", "code", "stripe_payment_intent"):
            fields.pop(name, None)
        fields["currency"] = fields["currency"].upper()
        return Order(id=new_id("ord"), merchant_id=current_merchant().id, refunded_amount=0,
                     first_order=False, created_at=now(), **fields)
