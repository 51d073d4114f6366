"""GET /v1/stats/loyalty: retention in numbers (each figure defined in the loyalty guide)."""

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant, now
from core.db import db
from referrals.members import stats as loyalty_stats

blp = secret_blueprint(
    "loyalty_stats", __name__, url_prefix="/v1/stats",
    description="Retention: repeat purchases, active members, points liability, redemptions.",
)


class RepeatRateRead(ma.Schema):
    buyers = ma.fields.Integer(metadata={"description": "customers with at least one order"})
    repeat_buyers = ma.fields.Integer(metadata={"description": "of them, with two or more"})
    rate = ma.fields.Float(allow_none=True, metadata={"description": "repeat_buyers / buyers"})


class LiabilityRead(ma.Schema):
    points = ma.fields.Integer(attribute="points_outstanding",
                               metadata={"description": "pending and available points"})
    amount = ma.fields.Integer(attribute="liability_amount",
                               metadata={"description": "points times point_value (minor units)"})
    currency = ma.fields.String()


# How the document describes the computed fields below (RepeatRateRead and LiabilityRead's shapes).
_RATE = {"type": "object", "required": ["buyers", "repeat_buyers", "rate"],
         "properties": {"buyers": {"type": "integer"}, "repeat_buyers": {"type": "integer"},
                        "rate": {"type": "number", "nullable": True}}}


class LoyaltyRead(ma.Schema):
    object = ma.fields.Constant("loyalty_stats")
    members = ma.fields.Integer()
    repeat_purchase_rate = ma.fields.Method("_repeat", metadata={
        "type": "object", "required": ["members", "non_members"],
        "properties": {"members": _RATE, "non_members": _RATE}})
    active_members = ma.fields.Method("_active", metadata={
        "type": "object", "required": ["last_30_days", "last_90_days"],
        "properties": {"last_30_days": {"type": "integer"}, "last_90_days": {"type": "integer"}}})
    points_liability = ma.fields.Function(lambda stats: LiabilityRead().dump(stats), metadata={
        "type": "object", "required": ["points", "amount", "currency"],
        "properties": {"points": {"type": "integer"}, "amount": {"type": "integer"},
                       "currency": {"type": "string"}}})
    points_issued = ma.fields.Integer()
    points_redeemed = ma.fields.Integer()
    points_expired = ma.fields.Integer()
    redemption_rate = ma.fields.Float(allow_none=True)

    def _repeat(self, stats):
        return {"members": RepeatRateRead().dump(stats.earning_buyers),
                "non_members": RepeatRateRead().dump(stats.other_buyers)}

    def _active(self, stats):
        return {f"last_{days}_days": count for days, count in stats.active_members.items()}


@blp.route("/loyalty")
class Loyalty(MethodView):
    @blp.response(200, LoyaltyRead)
    def get(self):
        """Repeat-purchase rate of members (buyers who earned points) and of other buyers,
        members active over 30 and 90 days, the points liability, and the redemption rate."""
        return loyalty_stats.loyalty_stats(db.session, merchant_id=current_merchant().id,
                                           now=now())
