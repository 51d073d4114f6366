"""GET /v1/stats/journey: the merchant's funnel over a date range."""

from dataclasses import asdict
from datetime import timedelta

import marshmallow as ma
from flask.views import MethodView

from api.blueprints import secret_blueprint
from api.context import current_merchant, now
from api.schemas import WriteSchema
from core.db import db
from referrals import stats as stats_service

blp = secret_blueprint(
    "stats", __name__, url_prefix="/v1/stats", description="The customer journey, counted."
)

MAX_RANGE = timedelta(days=366)
DEFAULT_RANGE = timedelta(days=30)


class StageCountsRead(ma.Schema):
    """Counts per journey stage. Orders (convert, retention) join when orders exist."""

    clicks = ma.fields.Integer(metadata={"description": "awareness: valid clicks"})
    invalid_clicks = ma.fields.Integer(metadata={"description": "bad, expired or unknown links"})
    unique_visitors = ma.fields.Integer()
    shares = ma.fields.Integer(metadata={"description": "engagement"})
    shares_by_channel = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    signups = ma.fields.Integer(metadata={"description": "subscribe: referrals, any status"})
    referrals_by_status = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    advocates = ma.fields.Integer(metadata={"description": "promoters with an approved referral"})
    signup_rate = ma.fields.Float(
        allow_none=True, metadata={"description": "signups per unique visitor"}
    )


class JourneyRead(StageCountsRead):
    object = ma.fields.Constant("journey")
    start = ma.fields.AwareDateTime()
    end = ma.fields.AwareDateTime()


class JourneyArgs(WriteSchema):
    start = ma.fields.AwareDateTime(metadata={"description": "inclusive; default end - 30 days"})
    end = ma.fields.AwareDateTime(metadata={"description": "exclusive; default now"})

    @ma.validates_schema
    def a_sensible_range(self, args, **kwargs):
        start, end = args.get("start"), args.get("end")
        if start and end and not start < end:
            raise ma.ValidationError({"start": ["start must be before end."]})
        if start and end and end - start > MAX_RANGE:
            raise ma.ValidationError({"start": ["The range may span at most 366 days."]})


@blp.route("/journey")
class Journey(MethodView):
    @blp.arguments(JourneyArgs, location="query")
    @blp.response(200, JourneyRead)
    def get(self, args):
        """Clicks, shares, signups and advocates between start and end."""
        end = args.get("end") or now()
        start = args.get("start") or end - DEFAULT_RANGE
        counts = stats_service.journey_counts(
            db.session, merchant_id=current_merchant().id, since=start, until=end
        )
        return {**asdict(counts), "start": start, "end": end}
