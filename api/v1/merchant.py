"""GET/PATCH /v1/merchant: the calling merchant's settings."""

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import credentials_secrets, current_merchant
from api.request.schemas import WriteSchema
from core.db import db
from core.merchants import service as merchants_service
from core.merchants.service import MAX_GUARDRAIL, STRIPE_PAYOUTS
from rewards import currency_change

blp = secret_blueprint(
    "merchant", __name__, url_prefix="/v1/merchant", description="The calling merchant."
)


class MerchantRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("merchant")
    name = ma.fields.String()
    shop_url = ma.fields.String()
    allowed_domains = ma.fields.List(ma.fields.String())
    currency = ma.fields.String()
    attribution_window_days = ma.fields.Integer()
    hold_days = ma.fields.Integer()
    points_expiry_days = ma.fields.Integer(allow_none=True)
    point_value = ma.fields.Integer(
        metadata={"description": "store credit per point, in minor units of currency"}
    )
    stripe_connected = ma.fields.Boolean(
        metadata={"description": "a Stripe secret key is stored (it is never returned)"}
    )
    stripe_secret_key_last4 = ma.fields.String(allow_none=True)
    stripe_webhook_secret_last4 = ma.fields.String(allow_none=True)
    stripe_payout = ma.fields.String(
        metadata={"description": "promotion_code or customer_balance: how Stripe payouts go out"}
    )
    stripe_friend_coupon = ma.fields.String(
        allow_none=True,
        metadata={"description": "the Stripe coupon id promoters' own promotion codes give a "
                  "referred friend; null: none"},
    )
    max_award_points = ma.fields.Integer(
        metadata={"description": "guardrail: the most points one award may pay"})
    max_award_credit = ma.fields.Integer(
        metadata={"description": "guardrail: the most store credit one award may pay, in minor "
                  "units of currency"})
    min_hold_days = ma.fields.Integer(
        metadata={"description": "guardrail: the shortest hold_days a rule may have"})
    timezone = ma.fields.String(
        metadata={"description": "IANA time zone: the day birthdays and anniversaries fall on"})
    created_at = ma.fields.AwareDateTime()


class MerchantUpdate(WriteSchema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    shop_url = ma.fields.Url(schemes={"http", "https"}, require_tld=False)
    allowed_domains = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=253)),
        validate=ma.validate.Length(min=1, max=50),
    )
    currency = ma.fields.String(validate=ma.validate.Regexp(r"^[A-Za-z]{3}$"))
    attribution_window_days = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=1, max=365)
    )
    hold_days = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=0, max=365))
    points_expiry_days = ma.fields.Integer(
        strict=True, allow_none=True, validate=ma.validate.Range(min=1, max=3650),
        metadata={"description": "days after which available points expire; null: never"},
    )
    point_value = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=1_000_000))
    max_award_points = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=1, max=MAX_GUARDRAIL),
        metadata={"description": "guardrail: the most points one award may pay; rules and "
                  "tiers are saved within it and awards beyond it are capped"},
    )
    max_award_credit = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=1, max=MAX_GUARDRAIL),
        metadata={"description": "guardrail: the most store credit one award may pay, in minor "
                  "units of currency"},
    )
    min_hold_days = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=0, max=365),
        metadata={"description": "guardrail: the shortest hold_days a rule may have; at most "
                  "hold_days"},
    )
    timezone = ma.fields.String(
        validate=ma.validate.Length(min=1, max=64),
        metadata={"description": "an IANA time zone name (Europe/Berlin); birthdays and "
                  "anniversaries are awarded on the merchant's calendar day. Default UTC"})
    stripe_secret_key = ma.fields.String(
        allow_none=True, load_only=True, validate=ma.validate.Length(max=255),
        metadata={"description": "write-only: sk_... or a restricted rk_... key; null disconnects"},
    )
    stripe_webhook_secret = ma.fields.String(
        allow_none=True, load_only=True, validate=ma.validate.Length(max=255),
        metadata={"description": "write-only: the endpoint's signing secret whsec_..."},
    )
    stripe_payout = ma.fields.String(validate=ma.validate.OneOf(STRIPE_PAYOUTS))
    stripe_friend_coupon = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Regexp(r"^[A-Za-z0-9_-]{1,200}$",
                                    error="Give the id of a coupon in your Stripe account."),
        metadata={"description": "a Stripe coupon id (made in Stripe) for the friend "
                  "discount; POST /v1/promoters/{id}/stripe_promotion_code gives a promoter "
                  "their code on it; null removes it"},
    )


@blp.route("")
class MerchantResource(MethodView):
    @blp.response(200, MerchantRead)
    def get(self):
        """Retrieve the merchant this key belongs to."""
        return current_merchant()

    @blp.arguments(MerchantUpdate)
    @blp.response(200, MerchantRead)
    def patch(self, changes):
        """Change settings; all changes apply together or none do. The currency changes only
        while nothing holds an amount in it (409 currency_in_use says what does)."""
        return merchants_service.update_merchant(
            db.session, merchant=current_merchant(), changes=changes,
            credentials_secrets=credentials_secrets(),
            amounts_held=currency_change.amounts_held,
        )
