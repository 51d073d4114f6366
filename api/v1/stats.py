"""GET /v1/stats/journey: the merchant's funnel over a date range."""

from dataclasses import asdict
from datetime import UTC, datetime

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant, now
from api.request.schemas import WriteSchema
from core.db import db
from referrals.journey import stats as stats_service

blp = secret_blueprint(
    "stats", __name__, url_prefix="/v1/stats", description="The customer journey, counted."
)

# Far enough back for any shop, near enough that `end - 30 days` cannot overflow.
SENSIBLE_TIMES = ma.validate.Range(
    min=datetime(2000, 1, 1, tzinfo=UTC), max=datetime(9999, 1, 1, tzinfo=UTC)
)


class StageCountsRead(ma.Schema):
    """Counts per journey stage. Orders (convert, retention) join when orders exist."""

    clicks = ma.fields.Integer(metadata={"description": "awareness: valid clicks"})
    invalid_clicks = ma.fields.Integer(metadata={"description": "bad, expired or unknown links"})
    unique_visitors = ma.fields.Integer(metadata={
        "description": "browsers behind the valid clicks: exact up to 50,000 valid clicks in the "
                       "range, estimated (HyperLogLog, about 1.6% off) above"})
    shares = ma.fields.Integer(metadata={"description": "engagement"})
    shares_by_channel = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    signups = ma.fields.Integer(metadata={"description": "subscribe: referrals, any status"})
    referrals_by_status = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    advocates = ma.fields.Integer(metadata={"description": "promoters with an approved referral"})
    first_orders = ma.fields.Integer(metadata={"description": "convert: credited first orders"})
    repeat_orders = ma.fields.Integer(
        metadata={"description": "retention: later credited orders of the same customers"}
    )
    signup_rate = ma.fields.Float(allow_none=True, metadata={
        "description": "the subscribe stage's rate: of the range's visitors, the share who "
                       "signed up (never above 1)"})


class StageRead(ma.Schema):
    stage = ma.fields.String()
    label = ma.fields.String()
    count = ma.fields.Integer()
    rate = ma.fields.Float(allow_none=True, metadata={
        "description": "the share of the stage before that reached this one, 0 to 1 (null for "
                       "the first stage)"})


class ViralityRead(ma.Schema):
    members = ma.fields.Integer(metadata={"description": "promoters enrolled by the range's end"})
    invitations = ma.fields.Integer(metadata={"description": "shares in the range"})
    invitations_per_member = ma.fields.Float(allow_none=True)
    reach_per_invitation = ma.fields.Float(
        allow_none=True, metadata={"description": "valid clicks per invitation"})
    invitation_conversion = ma.fields.Float(allow_none=True, metadata={
        "description": "signups (not rejected) per invitation; above 1 when one share reached "
                       "several friends"})
    k_factor = ma.fields.Float(allow_none=True, metadata={
        "description": "invitations_per_member x invitation_conversion: new friends each member "
                       "brought"})


class ReturnOnRewardsRead(ma.Schema):
    currency = ma.fields.String()
    referred_revenue = ma.fields.Integer(metadata={
        "description": "credited orders in the range, net of refunds, in minor units"})
    rewards_cost = ma.fields.Integer(metadata={
        "description": "rewards earned in the range net of clawbacks, points at their store-"
                       "credit value, in minor units"})
    revenue_per_reward = ma.fields.Float(allow_none=True)


class JourneyRead(StageCountsRead):
    object = ma.fields.Constant("journey")
    start = ma.fields.AwareDateTime()
    end = ma.fields.AwareDateTime()
    friend_funnel = ma.fields.List(ma.fields.Nested(StageRead), metadata={
        "description": "awareness, subscribe, convert, retention: each stage a part of the one "
                       "before, following the range's clickers"})
    promoter_funnel = ma.fields.List(ma.fields.Nested(StageRead), metadata={
        "description": "members, engagement, advocacy: each stage a part of the one before"})
    virality = ma.fields.Nested(ViralityRead)
    return_on_rewards = ma.fields.Nested(ReturnOnRewardsRead)


class JourneyArgs(WriteSchema):
    start = ma.fields.AwareDateTime(
        validate=SENSIBLE_TIMES, metadata={"description": "inclusive; default end - 30 days"}
    )
    end = ma.fields.AwareDateTime(
        validate=SENSIBLE_TIMES, metadata={"description": "exclusive; default now"}
    )


@blp.route("/journey")
class Journey(MethodView):
    @blp.arguments(JourneyArgs, location="query")
    @blp.response(200, JourneyRead)
    def get(self, args):
        """Clicks, shares, signups and advocates between start and end (at most 366 days)."""
        journey = stats_service.journey(
            db.session, merchant_id=current_merchant().id, now=now(), **args
        )
        subscribe = journey.friend_funnel[1]
        return {**asdict(journey.counts), "signup_rate": subscribe.rate,
                "start": journey.start, "end": journey.end,
                "friend_funnel": journey.friend_funnel,
                "promoter_funnel": journey.promoter_funnel, "virality": journey.virality,
                "return_on_rewards": journey.return_on_rewards}
