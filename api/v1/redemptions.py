"""/v1/redemptions: promoters spend available points on rewards."""

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import credentials_secrets, current_merchant, now, stripe_api_base
from api.request.schemas import WriteSchema, metadata_field, metadata_read
from api.request.unit_of_work import current_unit_of_work
from core import metadata
from core.db import db
from referrals.stripe import payouts
from rewards.redemptions import service as redemptions_service
from rewards.redemptions.service import REWARD_KINDS

blp = secret_blueprint(
    "redemptions", __name__, url_prefix="/v1/redemptions",
    description="Points spent on rewards, held then issued or released.",
)


class RedemptionRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("redemption")
    metadata = metadata_read()
    promoter = ma.fields.String(attribute="promoter_id")
    points = ma.fields.Integer(attribute="amount")
    reward_kind = ma.fields.String()
    status = ma.fields.String(metadata={"description": "held, issued or failed"})
    credit_amount = ma.fields.Integer(allow_none=True)
    credit_currency = ma.fields.String(allow_none=True)
    failure_reason = ma.fields.String(allow_none=True)
    promotion_code = ma.fields.String(
        allow_none=True, metadata={"description": "the code to type at checkout (Stripe payout)"}
    )
    stripe_object = ma.fields.String(
        attribute="stripe_object_id", allow_none=True,
        metadata={"description": "the Stripe promotion code or customer balance transaction id"},
    )
    created_at = ma.fields.AwareDateTime()
    settled_at = ma.fields.AwareDateTime(allow_none=True)


class RedemptionCreate(WriteSchema):
    metadata = metadata_field()
    promoter = ma.fields.String(required=True, validate=ma.validate.Length(max=40))
    points = ma.fields.Integer(
        required=True, strict=True, validate=ma.validate.Range(min=1, max=10**12)
    )
    reward_kind = ma.fields.String(
        load_default="store_credit", validate=ma.validate.OneOf(REWARD_KINDS),
        metadata={"description": "store_credit: points times the merchant's point_value; "
                  "stripe: that value paid out through Stripe as the merchant's stripe_payout "
                  "(a one-time promotion code, or customer balance credit)"},
    )


@blp.route("")
class RedemptionCollection(MethodView):
    @blp.arguments(RedemptionCreate)
    @blp.response(201, RedemptionRead)
    def post(self, fields):
        """Redeem available points: held, then issued (a Stripe payout that Stripe could not
        answer stays held until `goodword retry-payouts` finishes it). A blocked or erased
        promoter is refused: 409 `promoter_blocked` or `promoter_erased`."""
        changes = metadata.merged({}, fields.get("metadata") or {})  # refused before any hold
        redemption = payouts.redeem(
            current_unit_of_work(), merchant=current_merchant(), promoter_id=fields["promoter"],
            points=fields["points"], reward_kind=fields["reward_kind"], now=now(),
            credentials_secrets=credentials_secrets(), stripe_api_base=stripe_api_base(),
        )
        # Kept by the request's own commit, after the hold and the payout's.
        metadata.update(redemption, changes)
        return redemption


@blp.route("/<redemption_id>")
class RedemptionItem(MethodView):
    @blp.response(200, RedemptionRead)
    def get(self, redemption_id):
        """Retrieve a redemption."""
        return redemptions_service.get_redemption(
            db.session, merchant_id=current_merchant().id, redemption_id=redemption_id
        )
