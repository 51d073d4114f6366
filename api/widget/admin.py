"""/v1/widget_sessions, /v1/widget_settings, /v1/widget_feedback: the shop's server side of the
share widget, with a secret key."""

from datetime import timedelta

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant, now, secret_keys
from api.request.schemas import ListArgs, WriteSchema, list_body, list_of
from api.widget.public import FeedbackRead, WidgetSettingsRead
from core.db import db
from referrals.widget import service as widget_service
from referrals.widget import sessions as sessions_service

sessions_blp = secret_blueprint(
    "widget_sessions", __name__, url_prefix="/v1/widget_sessions",
    description="Tokens that let the widget on one order's page act for that order's buyer.",
)
settings_blp = secret_blueprint(
    "widget_settings", __name__, url_prefix="/v1/widget_settings",
    description="How the share widget looks and whether it asks the 0-10 question.",
)
feedback_blp = secret_blueprint(
    "widget_feedback", __name__, url_prefix="/v1/widget_feedback",
    description="What buyers answered in the widget.",
)


class CustomerCreate(WriteSchema):
    external_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=255),
                                   metadata={"description": "your id for this customer"})
    email = ma.fields.Email(validate=ma.validate.Length(max=320))
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))


class WidgetSessionCreate(WriteSchema):
    customer = ma.fields.Nested(CustomerCreate, required=True)
    order = ma.fields.String(validate=ma.validate.Length(min=1, max=255),
                             metadata={"description": "your id for the order just placed"})
    expires_in = ma.fields.Integer(
        strict=True, load_default=int(sessions_service.DEFAULT_LIFETIME.total_seconds()),
        validate=ma.validate.Range(
            min=60, max=int(sessions_service.MAX_LIFETIME.total_seconds())
        ),
        metadata={"description": "seconds the token lives; 24 hours unless given"},
    )


class WidgetSessionRead(ma.Schema):
    id = ma.fields.String(attribute="session.id")
    object = ma.fields.Constant("widget_session")
    token = ma.fields.String(metadata={"description": "the script tag's data-session"})
    customer = ma.fields.String(attribute="session.customer_external_id")
    order = ma.fields.String(attribute="session.order_id", allow_none=True)
    created_at = ma.fields.AwareDateTime(attribute="session.created_at")
    expires_at = ma.fields.AwareDateTime(attribute="session.expires_at")


@sessions_blp.route("", methods=["POST"])
@sessions_blp.arguments(WidgetSessionCreate)
@sessions_blp.response(201, WidgetSessionRead)
def create_session(fields):
    """Mint a widget session for one order's buyer, from the shop's server."""
    customer = fields["customer"]
    return sessions_service.create_session(
        db.session, merchant_id=current_merchant().id, now=now(), secret_keys=secret_keys(),
        customer_external_id=customer["external_id"], customer_email=customer.get("email"),
        customer_name=customer.get("name"), order_id=fields.get("order"),
        lifetime=timedelta(seconds=fields["expires_in"]),
    )


class WidgetSettingsUpdate(WriteSchema):
    ask_nps = ma.fields.Boolean(metadata={"description": "ask 0-10 before offering to share"})
    accent_color = ma.fields.String(metadata={"description": "#rrggbb of buttons and links"})
    background_color = ma.fields.String()
    text_color = ma.fields.String()
    title = ma.fields.String(allow_none=True, validate=ma.validate.Length(min=1, max=120))


@settings_blp.route("")
class WidgetSettingsResource(MethodView):
    @settings_blp.response(200, WidgetSettingsRead)
    def get(self):
        """The widget's settings."""
        return widget_service.get_settings(db.session, merchant_id=current_merchant().id)

    @settings_blp.arguments(WidgetSettingsUpdate)
    @settings_blp.response(200, WidgetSettingsRead)
    def patch(self, changes):
        """Change the widget's settings; text must stay readable (WCAG AA contrast)."""
        return widget_service.update_settings(
            db.session, merchant_id=current_merchant().id, changes=changes
        )


@feedback_blp.route("")
@feedback_blp.arguments(ListArgs, location="query")
@feedback_blp.response(200, list_of(FeedbackRead))
def list_feedback(args):
    """Buyers' scores and words, newest first."""
    answers, has_more = widget_service.list_feedback(
        db.session, merchant_id=current_merchant().id, **args
    )
    return list_body(answers, has_more)
