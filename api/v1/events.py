"""/v1/events: what happened, in the order it happened, and redelivery to webhook endpoints."""

import marshmallow as ma
from flask.views import MethodView

from api.guards.limits import limit_redeliveries
from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant, now
from api.request.schemas import ListArgs, WriteSchema, list_body, list_of
from api.v1.webhook_endpoints import DeliveryRead
from core.db import db
from core.events import endpoints as endpoints_service
from core.events import service as events_service

blp = secret_blueprint(
    "events", __name__, url_prefix="/v1/events",
    description="Events: every change worth telling, written with the change itself.",
)


class EventRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("event")
    type = ma.fields.String()
    data = ma.fields.Dict(metadata={"description": "ids and public fields of what changed"})
    created_at = ma.fields.AwareDateTime()


class EventListArgs(ListArgs):
    type = ma.fields.String(
        validate=ma.validate.OneOf(events_service.EVENT_TYPES),
        metadata={"description": "only events of this type"},
    )
    created_after = ma.fields.AwareDateTime(metadata={"description": "exclusive"})
    created_before = ma.fields.AwareDateTime(metadata={"description": "exclusive"})


class RedeliverArgs(WriteSchema):
    endpoint = ma.fields.String(
        validate=ma.validate.Length(max=40),
        metadata={"description": "one webhook endpoint; every subscribed one when absent"},
    )


@blp.route("")
class EventCollection(MethodView):
    @blp.arguments(EventListArgs, location="query")
    @blp.response(200, list_of(EventRead))
    def get(self, args):
        """List events, newest first, by type and creation time."""
        events, has_more = events_service.list_events(
            db.session, merchant_id=current_merchant().id, **args
        )
        return list_body(events, has_more)


@blp.route("/<event_id>")
class EventItem(MethodView):
    @blp.response(200, EventRead)
    def get(self, event_id):
        """Retrieve an event."""
        return events_service.get_event(
            db.session, merchant_id=current_merchant().id, event_id=event_id
        )


@blp.route("/<event_id>/redeliver", methods=["POST"])
@limit_redeliveries
@blp.arguments(RedeliverArgs, required=False)
@blp.response(201, list_of(DeliveryRead))
def redeliver(fields, event_id):
    """Send an event again (as new deliveries, due at once)."""
    deliveries = endpoints_service.redeliver_event(
        db.session, merchant_id=current_merchant().id, event_id=event_id, now=now(),
        endpoint_id=fields.get("endpoint"),
    )
    return list_body(deliveries, False)
