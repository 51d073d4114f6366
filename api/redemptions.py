"""/v1/redemptions: promoters spend available points on rewards."""

import marshmallow as ma
from flask.views import MethodView

from api.blueprints import secret_blueprint
from api.context import current_merchant, now
from api.schemas import WriteSchema
from core.db import db
from referrals import payouts
from rewards import redemptions as redemptions_service
from rewards.redemptions import REWARD_KINDS

blp = secret_blueprint(
    "redemptions", __name__, url_prefix="/v1/redemptions",
    description="Points spent on rewards, held then issued or released.",
)


class RedemptionRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("redemption")
    promoter = ma.fields.String(attribute="promoter_id")
    points = ma.fields.Integer(attribute="amount")
    reward_kind = ma.fields.String()
    status = ma.fields.String(metadata={"description": "held, issued or failed"})
    credit_amount = ma.fields.Integer(allow_none=True)
    credit_currency = ma.fields.String(allow_none=True)
    failure_reason = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    settled_at = ma.fields.AwareDateTime(allow_none=True)


class RedemptionCreate(WriteSchema):
    promoter = ma.fields.String(required=True, validate=ma.validate.Length(max=40))
    points = ma.fields.Integer(
        required=True, strict=True, validate=ma.validate.Range(min=1, max=10**12)
    )
    reward_kind = ma.fields.String(
        load_default="store_credit", validate=ma.validate.OneOf(REWARD_KINDS),
        metadata={"description": "store_credit: points times the merchant's point_value"},
    )


@blp.route("")
class RedemptionCollection(MethodView):
    @blp.arguments(RedemptionCreate)
    @blp.response(201, RedemptionRead)
    def post(self, fields):
        """Redeem available points (held, then issued at once for store credit)."""
        return payouts.redeem(
            db.session, merchant=current_merchant(), promoter_id=fields["promoter"],
            points=fields["points"], reward_kind=fields["reward_kind"], now=now(),
        )


@blp.route("/<redemption_id>")
class RedemptionItem(MethodView):
    @blp.response(200, RedemptionRead)
    def get(self, redemption_id):
        """Retrieve a redemption."""
        return redemptions_service.get_redemption(
            db.session, merchant_id=current_merchant().id, redemption_id=redemption_id
        )
