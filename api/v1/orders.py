"""/v1/orders: paid orders (convert, retention) and their refunds."""

import marshmallow as ma
from flask.views import MethodView

from api.redirects import link_max_age
from api.request import evidence as api_evidence
from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant, now, secret_keys
from api.request.schemas import (
    ListArgs,
    WriteSchema,
    list_body,
    list_of,
    metadata_field,
    metadata_read,
)
from api.v1.expand import ExpandablePromoter, ExpandArgs, ListExpandArgs, expanding
from api.v1.rules import VerdictRead
from core import metadata
from core.db import db
from referrals.purchases import service as purchases
from rewards.orders import service as orders_service

blp = secret_blueprint(
    "orders", __name__, url_prefix="/v1/orders",
    description="Paid orders, credited to promoters and rewarded under the rules.",
)


class OrderRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("order")
    metadata = metadata_read()
    external_id = ma.fields.String()
    customer_external_id = ma.fields.String()
    customer_email = ma.fields.String(allow_none=True)
    amount = ma.fields.Integer()
    currency = ma.fields.String()
    refunded_amount = ma.fields.Integer()
    promoter = ExpandablePromoter(attribute="promoter_id")
    referral = ma.fields.String(attribute="referral_id", allow_none=True)
    attributed_by = ma.fields.String(allow_none=True)
    attribution_refusal = ma.fields.String(
        allow_none=True,
        metadata={"description": "why the click_id, token or code sent with the order (or the "
                  "Stripe promotion code it was paid with) credited nobody: the buyer is that "
                  "promoter, by the checks a signup passes (self_referral_customer, "
                  "self_referral_email, self_referral_browser); null otherwise"},
    )
    first_order = ma.fields.Boolean()
    created_at = ma.fields.AwareDateTime()
    rule_verdicts = ma.fields.List(
        ma.fields.Nested(VerdictRead), attribute="verdicts",
        metadata={"description": "what each rule on order.paid did with the order, as the dry "
                  "run shows it: an award, or a skip with its code and reason (e.g. "
                  "currency_no_rate); in the answer that recorded the order, else empty"},
    )


class OrderCreate(WriteSchema):
    metadata = metadata_field()
    external_id = ma.fields.String(
        required=True, validate=ma.validate.Length(min=1, max=255),
        metadata={"description": "your order id; the same id again returns the same order"},
    )
    customer_external_id = ma.fields.String(required=True,
                                            validate=ma.validate.Length(min=1, max=255))
    customer_email = ma.fields.Email(validate=ma.validate.Length(max=320))
    amount = ma.fields.Integer(
        required=True, strict=True, validate=ma.validate.Range(min=1, max=10**12),
        metadata={"description": "in minor units (cents)"},
    )
    currency = ma.fields.String(required=True, validate=ma.validate.Length(equal=3))
    click_id = ma.fields.String(validate=ma.validate.Length(max=40))
    token = ma.fields.String(validate=ma.validate.Length(max=512))
    code = ma.fields.String(validate=ma.validate.Length(max=32))
    # The buyer's own browser: kept as their evidence (a buyer is a promoter too), so a friend
    # signing up from it later is weighed as the promoter themself.
    ip, user_agent, device_id = api_evidence.fields()
    stripe_payment_intent = ma.fields.String(
        validate=ma.validate.Regexp(r"^pi_[A-Za-z0-9_]{1,250}$",
                                    error="Give the Stripe payment intent id (pi_...)."),
        metadata={"description": "the Stripe payment intent that paid this order: Stripe's "
                  "charge.refunded events for it then claw the order back"},
    )


class RefundRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("refund")
    order = ma.fields.String(attribute="order_id")
    external_id = ma.fields.String()
    amount = ma.fields.Integer()
    created_at = ma.fields.AwareDateTime()


class OrderRewardRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("reward")
    promoter = ma.fields.String(attribute="promoter_id")
    beneficiary = ma.fields.String(metadata={"description": "referrer or referee"})
    unit = ma.fields.String(metadata={"description": "points, or a currency's minor units"})
    amount = ma.fields.Integer(metadata={"description": "what the order earned"})
    clawed_back_by_refunds = ma.fields.Integer(
        attribute="refund_clawed",
        metadata={"description": "how much of it this order's refunds took back"})
    status = ma.fields.String(metadata={"description": "pending, available or settled"})
    matures_at = ma.fields.AwareDateTime()
    rule = ma.fields.String(attribute="rule_id", allow_none=True)
    rule_version = ma.fields.Integer(allow_none=True)
    ledger_transaction = ma.fields.String(attribute="earn_transaction_id")
    created_at = ma.fields.AwareDateTime()


class OrderDetailRead(OrderRead):
    """An order as GET returns it: with its refunds and the rewards it earned."""

    refunds = ma.fields.List(ma.fields.Nested(RefundRead))
    rewards = ma.fields.List(ma.fields.Nested(OrderRewardRead))


class OrderListArgs(ListArgs, ListExpandArgs):
    promoter = ma.fields.String(metadata={"description": "orders credited to this promoter"})
    customer_external_id = ma.fields.String(metadata={"description": "your id for the buyer"})
    created_after = ma.fields.AwareDateTime(metadata={"description": "exclusive"})
    created_before = ma.fields.AwareDateTime(metadata={"description": "exclusive"})
    external_id = ma.fields.String(metadata={"description": "your order id"})
    stripe_payment_intent = ma.fields.String(
        validate=ma.validate.Regexp(r"^pi_[A-Za-z0-9_]{1,250}$",
                                    error="Give the Stripe payment intent id (pi_...)."),
        metadata={"description": "the order a Stripe payment intent paid: recorded under it by "
                  "a Stripe event, or posted by the shop with it, or the invoice it paid"})
    stripe_invoice = ma.fields.String(
        validate=ma.validate.Regexp(r"^in_[A-Za-z0-9_]{1,250}$",
                                    error="Give the Stripe invoice id (in_...)."),
        metadata={"description": "the order a paid Stripe invoice made"})


class RefundCreate(WriteSchema):
    amount = ma.fields.Integer(
        required=True, strict=True, validate=ma.validate.Range(min=1, max=10**12),
        metadata={"description": "in minor units; at most what is left unrefunded"},
    )
    external_id = ma.fields.String(
        required=True, validate=ma.validate.Length(min=1, max=255),
        metadata={"description": "your refund id; the same id again changes nothing"},
    )


@blp.route("")
class OrderCollection(MethodView):
    @blp.arguments(OrderCreate)
    @blp.response(201, OrderRead)
    @blp.alt_response(200, schema=OrderRead, description="already recorded")
    def post(self, fields):
        """Record a paid order; idempotent on external_id."""
        passed_on = {name: fields.pop(name, None)
                       for name in ("click_id", "token", "code", "stripe_payment_intent")}
        fields["currency"] = fields["currency"].upper()
        changes = fields.pop("metadata", None)
        seen = api_evidence.from_fields(fields)
        order, created = purchases.record_purchase(
            db.session, merchant=current_merchant(), purchase=orders_service.Purchase(**fields),
            now=now(), secret_keys=secret_keys(), link_max_age=link_max_age(), **passed_on,
        )
        api_evidence.remember_customer(order.merchant_id, order.customer_external_id, seen)
        if created:
            metadata.update(order, changes)
        return order, 201 if created else 200

    @blp.arguments(OrderListArgs, location="query")
    @blp.response(200, list_of(OrderDetailRead))
    def get(self, args):
        """List orders, newest first; filter by promoter, customer or creation time, or find
        the order of your order id, a Stripe payment intent or a Stripe invoice."""
        expanding(args)
        orders, has_more = purchases.find_orders(
            db.session, merchant_id=current_merchant().id, **args)
        return list_body(orders, has_more)


@blp.route("/<order_id>")
class OrderItem(MethodView):
    @blp.arguments(ExpandArgs, location="query")
    @blp.response(200, OrderDetailRead)
    def get(self, args, order_id):
        """Retrieve an order with its refunds and the rewards it earned."""
        expanding(args)
        return orders_service.get_order(
            db.session, merchant_id=current_merchant().id, order_id=order_id
        )


@blp.route("/<order_id>/refunds", methods=["POST"])
@blp.arguments(RefundCreate)
@blp.response(201, RefundRead)
@blp.alt_response(200, schema=RefundRead, description="already recorded")
def create_refund(fields, order_id):
    """Refund part or all of an order; its rewards are clawed back in proportion."""
    refund, created = orders_service.refund_order(
        db.session, merchant_id=current_merchant().id, order_id=order_id, now=now(), **fields
    )
    return refund, 201 if created else 200
