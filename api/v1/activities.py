"""/v1/activities: the shop's own events for a member (a review, a follow), which earn under
the merchant's activity.recorded rules."""

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant, now
from api.request.schemas import WriteSchema
from core.db import db
from referrals.members import service as members_service

blp = secret_blueprint(
    "activities", __name__, url_prefix="/v1/activities",
    description="The shop's own events for a member: they earn under activity.recorded rules.",
)


class ActivityCreate(WriteSchema):
    member = ma.fields.String(validate=ma.validate.Length(min=1, max=40),
                              metadata={"description": "the member's id (pro_...)"})
    customer_external_id = ma.fields.String(
        validate=ma.validate.Length(min=1, max=255),
        metadata={"description": "or your id for the customer: one new to Goodword becomes a "
                  "member (and earns the member.joined welcome)"})
    type = ma.fields.String(
        required=True, validate=ma.validate.Length(min=1, max=64),
        metadata={"description": "the activity type one of your activity.recorded rules names "
                  "(conditions.activity_type), such as review.written"})
    external_id = ma.fields.String(
        required=True, validate=ma.validate.Length(min=1, max=255),
        metadata={"description": "your id for this activity: the same type and id again is the "
                  "same activity and earns nothing more"})


class ActivityRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("activity")
    member = ma.fields.String(attribute="promoter_id")
    type = ma.fields.String()
    external_id = ma.fields.String()
    created_at = ma.fields.AwareDateTime()


@blp.route("")
class ActivityCollection(MethodView):
    @blp.arguments(ActivityCreate)
    @blp.response(201, ActivityRead)
    @blp.alt_response(200, schema=ActivityRead, description="already recorded")
    def post(self, fields):
        """Record an activity of a member; idempotent on (type, external_id). What it earned
        shows in the member's balance and ledger (cause `activity`)."""
        activity, created = members_service.record_activity(
            db.session, merchant_id=current_merchant().id, now=now(), **fields)
        return activity, 201 if created else 200
