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
    signup_rate = ma.fields.Float(
        allow_none=True, metadata={"description": "signups per unique visitor"}
    )


class JourneyRead(StageCountsRead):
    object = ma.fields.Constant("journey")
    start = ma.fields.AwareDateTime()
    end = ma.fields.AwareDateTime()


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
        return {**asdict(journey.counts), "start": journey.start, "end": journey.end}
