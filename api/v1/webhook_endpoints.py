"""/v1/webhook_endpoints: where events are POSTed, signed, and the log of every delivery."""

import marshmallow as ma
from flask.views import MethodView

from api.guards.limits import limit_redeliveries
from api.request.blueprints import secret_blueprint
from api.request.context import credentials_secrets, current_merchant, now, production
from api.request.schemas import (
    ListArgs,
    NoFields,
    WriteSchema,
    deleted,
    list_body,
    list_of,
    metadata_field,
    metadata_read,
)
from core import metadata
from core.db import db
from core.events import endpoints as endpoints_service
from core.events.service import EVENT_TYPES

blp = secret_blueprint(
    "webhook_endpoints", __name__, url_prefix="/v1/webhook_endpoints",
    description="Webhook endpoints: URLs that receive events, signed with a whsec_ secret.",
)


class WebhookEndpointRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("webhook_endpoint")
    metadata = metadata_read()
    url = ma.fields.String()
    description = ma.fields.String(allow_none=True)
    enabled_events = ma.fields.List(ma.fields.String())
    status = ma.fields.String(metadata={"description": "enabled or disabled"})
    disabled_reason = ma.fields.String(allow_none=True)
    failing_since = ma.fields.AwareDateTime(allow_none=True)
    previous_secret_expires_at = ma.fields.AwareDateTime(
        allow_none=True,
        metadata={"description": "after a rotation, the old secret also signs until then"},
    )
    created_at = ma.fields.AwareDateTime()


class WebhookEndpointCreated(WebhookEndpointRead):
    secret = ma.fields.String(
        metadata={"description": "whsec_...: verifies Goodword-Signature; shown only now"}
    )


class WebhookEndpointUpdate(WriteSchema):
    metadata = metadata_field()
    url = ma.fields.Url(
        schemes={"http", "https"}, require_tld=False, validate=ma.validate.Length(max=2048),
        metadata={"description": "https only in production"},
    )
    enabled_events = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(("*", *EVENT_TYPES))),
        validate=ma.validate.Length(min=1, max=len(EVENT_TYPES) + 1),
        metadata={"description": 'event types, or ["*"] for all'},
    )
    description = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=500))
    disabled = ma.fields.Boolean(metadata={"description": "stop (true) or resume (false)"})


class WebhookEndpointCreate(WebhookEndpointUpdate):
    url = ma.fields.Url(
        required=True, schemes={"http", "https"}, require_tld=False,
        validate=ma.validate.Length(max=2048),
    )
    enabled_events = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(("*", *EVENT_TYPES))), required=True,
        validate=ma.validate.Length(min=1, max=len(EVENT_TYPES) + 1),
    )

    class Meta(WriteSchema.Meta):
        exclude = ("disabled",)


class RotateSecret(WriteSchema):
    previous_secret_expires_in = ma.fields.Integer(
        load_default=0,
        validate=ma.validate.Range(min=0, max=endpoints_service.MAX_SECRET_GRACE_SECONDS),
        metadata={"description": "seconds the old secret keeps signing beside the new one "
                                 "(0, the default: it stops at once; at most 7 days)"},
    )


class AttemptRead(ma.Schema):
    status_code = ma.fields.Integer(allow_none=True)
    latency_ms = ma.fields.Integer()
    response = ma.fields.String(attribute="response_snippet", allow_none=True)
    error = ma.fields.String(allow_none=True)
    succeeded = ma.fields.Boolean()
    attempted_at = ma.fields.AwareDateTime()


class DeliveryRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("webhook_delivery")
    event = ma.fields.String(attribute="event_id")
    webhook_endpoint = ma.fields.String(attribute="endpoint_id")
    status = ma.fields.String(metadata={"description": "pending, succeeded, failed or disabled"})
    attempts = ma.fields.Integer()
    next_attempt_at = ma.fields.AwareDateTime(allow_none=True)
    last_status_code = ma.fields.Integer(allow_none=True)
    last_latency_ms = ma.fields.Integer(allow_none=True)
    last_response = ma.fields.String(allow_none=True)
    last_error = ma.fields.String(allow_none=True)
    history = ma.fields.List(ma.fields.Nested(AttemptRead),
                             metadata={"description": "every attempt, oldest first"})
    created_at = ma.fields.AwareDateTime()


class DeliveryListArgs(ListArgs):
    event = ma.fields.String(validate=ma.validate.Length(max=40))


@blp.route("")
class WebhookEndpointCollection(MethodView):
    @blp.arguments(WebhookEndpointCreate)
    @blp.response(201, WebhookEndpointCreated)
    def post(self, fields):
        changes = fields.pop("metadata", None)
        """Add an endpoint; the signing secret is in this response only."""
        endpoint, secret = endpoints_service.create_endpoint(
            db.session, merchant_id=current_merchant().id, now=now(),
            credentials_secrets=credentials_secrets(), production=production(), **fields
        )
        metadata.update(endpoint, changes)
        endpoint.secret = secret
        return endpoint

    @blp.arguments(ListArgs, location="query")
    @blp.response(200, list_of(WebhookEndpointRead))
    def get(self, args):
        """List endpoints, newest first."""
        endpoints, has_more = endpoints_service.list_endpoints(
            db.session, merchant_id=current_merchant().id, **args
        )
        return list_body(endpoints, has_more)


@blp.route("/<endpoint_id>")
class WebhookEndpointItem(MethodView):
    @blp.response(200, WebhookEndpointRead)
    def get(self, endpoint_id):
        """Retrieve an endpoint."""
        return endpoints_service.get_endpoint(
            db.session, merchant_id=current_merchant().id, endpoint_id=endpoint_id
        )

    @blp.arguments(WebhookEndpointUpdate)
    @blp.response(200, WebhookEndpointRead)
    def patch(self, fields, endpoint_id):
        """Change the URL, events or description; disable or enable."""
        changes = fields.pop("metadata", None)
        endpoint = endpoints_service.update_endpoint(
            db.session, merchant_id=current_merchant().id, endpoint_id=endpoint_id,
            changes=fields, production=production(),
        )
        metadata.update(endpoint, changes)
        return endpoint

    @blp.response(200, deleted(WebhookEndpointRead))
    def delete(self, endpoint_id):
        """Delete an endpoint: nothing more is sent to it."""
        return endpoints_service.delete_endpoint(
            db.session, merchant_id=current_merchant().id, endpoint_id=endpoint_id
        )


@blp.route("/<endpoint_id>/rotate_secret", methods=["POST"])
@blp.arguments(RotateSecret, required=False)
@blp.response(200, WebhookEndpointCreated)
def rotate_secret(fields, endpoint_id):
    """Replace the signing secret; the new one is in this response only. During the optional
    grace period deliveries carry two v1= signatures, one per secret."""
    endpoint, secret = endpoints_service.rotate_secret(
        db.session, merchant_id=current_merchant().id, endpoint_id=endpoint_id, now=now(),
        credentials_secrets=credentials_secrets(), **fields,
    )
    endpoint.secret = secret
    return endpoint


@blp.route("/<endpoint_id>/deliveries")
class DeliveryCollection(MethodView):
    @blp.arguments(DeliveryListArgs, location="query")
    @blp.response(200, list_of(DeliveryRead))
    def get(self, args, endpoint_id):
        """The delivery log: each event sent, its attempts, status codes, latency and answer."""
        deliveries, has_more = endpoints_service.list_deliveries(
            db.session, merchant_id=current_merchant().id, endpoint_id=endpoint_id,
            limit=args["limit"], starting_after=args.get("starting_after"),
            ending_before=args.get("ending_before"),
            event_id=args.get("event"),
        )
        return list_body(deliveries, has_more)


@blp.route("/<endpoint_id>/deliveries/<delivery_id>/redeliver", methods=["POST"])
@limit_redeliveries
@blp.arguments(NoFields, required=False)
@blp.response(201, DeliveryRead)
def redeliver(fields, endpoint_id, delivery_id):
    """Send this delivery's event to the endpoint again, as a new delivery."""
    return endpoints_service.redeliver(
        db.session, merchant_id=current_merchant().id, endpoint_id=endpoint_id,
        delivery_id=delivery_id, now=now(),
    )
