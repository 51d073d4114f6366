"""/widget/v1: what the share widget on a shop's page may call, with a publishable key.

Publishable keys are public (they sit in the shop's HTML), so every call here also carries the
widget session token the shop's server minted for one order (header `Goodword-Session`): the
token names the one buyer this page may enrol, share as and answer for. Without a valid token
nothing is read or written. One call needs no token: GET /welcome, which tells a shop's
landing page who referred the friend a referral link just brought (a first name) and the offer.
Secret keys are refused here on purpose: a server holding a secret key has the /v1 API, and
keeping the two surfaces apart keeps each key's power obvious.
CORS answers any origin's preflight, without credentials (a preflight carries no key, so it
cannot tell whose shop is asking); the call itself is then refused with 403 unless its Origin
is one of the merchant's allowed shop domains or Goodword's own (the demo storefront). Calls
without an Origin (servers, curl) are not from a browser page and are judged by key and token.
"""

from urllib.parse import urlsplit

import marshmallow as ma
from flask import current_app, request
from flask.views import MethodView

from api.guards.limits import limiter, widget_limit
from api.redirects import code_url, link_url
from api.request import evidence as api_evidence
from api.request.blueprints import keyed_blueprint
from api.request.context import current_merchant, now, secret_keys
from api.request.errors import ApiError
from api.request.schemas import WriteSchema
from core.db import db
from core.merchants.domains import host_is_allowed
from referrals.links.channels import CHANNELS
from referrals.signups import fraud
from referrals.widget import service as widget_service

SESSION_HEADER = "Goodword-Session"


def _caller() -> str:
    """The widget session and page of a call: only they may replay its Idempotency-Key."""
    return f"{request.headers.get(SESSION_HEADER, '')}\0{request.headers.get('Origin', '')}"


blp = keyed_blueprint(
    "widget",
    __name__,
    url_prefix="/widget/v1",
    kinds=("publishable",),
    description="The share widget, called from shops' pages with a publishable key and a "
                "widget session token.",
    caller=_caller,
)

CORS_RESOURCES = {
    r"/widget/v1/*": {
        "origins": "*",
        # "*" rather than the echoed origin: browsers then refuse to send cookies, whatever
        # the caller asks, and one cached answer serves every shop.
        "send_wildcard": True,
        "supports_credentials": False,
        "allow_headers": ["Authorization", "Content-Type", "Idempotency-Key", SESSION_HEADER],
        "max_age": 600,
    }
}
WIDGET_SECURITY = [{"publishableKey": []}]
# Shop pages are public: anyone can script calls with the page's key, so calls are counted.
limiter.limit(widget_limit)(blp)


@blp.before_request
def only_from_the_merchants_shop():
    """Runs after the key check: the merchant is known, so its shop domains are too."""
    origin = request.headers.get("Origin")
    if request.method == "OPTIONS" or origin is None:
        return
    host = urlsplit(origin).hostname
    own = urlsplit(current_app.config["PUBLIC_URL"]).hostname
    if host != own and not host_is_allowed(host, current_merchant().allowed_domains):
        raise ApiError(
            403, "origin_not_allowed",
            f"Pages on {host or origin} may not call this widget: add the domain to the "
            "merchant's allowed_domains.",
        )


def _token() -> widget_service.Token:
    return widget_service.Token(merchant_id=current_merchant().id,
                                session_token=request.headers.get(SESSION_HEADER),
                                secret_keys=secret_keys())


class AmountRead(ma.Schema):
    kind = ma.fields.String(metadata={"description": "points or credit"})
    amount = ma.fields.Integer(metadata={"description": "points, or minor units of currency"})
    currency = ma.fields.String(allow_none=True)
    minor_units = ma.fields.Integer(allow_none=True)


class OfferRead(ma.Schema):
    text = ma.fields.String(allow_none=True, metadata={"description": 'e.g. "Give $10, get $10"'})
    give = ma.fields.List(ma.fields.Nested(AmountRead), metadata={"description": "the friend's"})
    get = ma.fields.List(ma.fields.Nested(AmountRead), metadata={"description": "the promoter's"})


class WidgetSettingsRead(ma.Schema):
    object = ma.fields.Constant("widget_settings")
    ask_nps = ma.fields.Boolean()
    accent_color = ma.fields.String()
    accent_text_color = ma.fields.Function(
        lambda settings: widget_service.on_accent(settings.accent_color),
        metadata={"description": "black or white, whichever reads better on the accent"},
    )
    background_color = ma.fields.String()
    text_color = ma.fields.String()
    title = ma.fields.String(allow_none=True)


class PromoterLinkRead(ma.Schema):
    """The buyer's own promoter record as the widget may show it: their link and code."""

    id = ma.fields.String()
    code = ma.fields.String()
    referral_url = ma.fields.Function(
        lambda promoter: code_url(promoter.code),
        metadata={"description": "the short link /r/CODE: easy to read, paste and say aloud"},
    )


class WidgetRead(ma.Schema):
    object = ma.fields.Constant("widget")
    settings = ma.fields.Nested(WidgetSettingsRead)
    offer = ma.fields.Nested(OfferRead)
    promoter = ma.fields.Nested(PromoterLinkRead, allow_none=True)


class EnrollmentRead(ma.Schema):
    object = ma.fields.Constant("widget_enrollment")
    promoter = ma.fields.Nested(PromoterLinkRead)
    offer = ma.fields.Nested(OfferRead)


@blp.route("/session")
class WidgetSessionView(MethodView):
    @blp.doc(security=WIDGET_SECURITY)
    @blp.response(200, WidgetRead)
    def get(self):
        """What the widget shows: the merchant's settings, the offer, the buyer's link if any."""
        return widget_service.view(db.session, token=_token(), now=now())


class StorefrontRead(ma.Schema):
    object = ma.fields.Constant("storefront_settings")
    attribution = ma.fields.String(metadata={
        "description": "first_click (a kept click stays) | last_click (a new one replaces it)"})
    attribution_window_days = ma.fields.Integer(
        metadata={"description": "how long the storefront keeps a click"})
    click_param = ma.fields.Constant(
        "gw_click", metadata={"description": "the landing URL's query parameter with the click id"})


@blp.route("/storefront")
class StorefrontView(MethodView):
    @blp.doc(security=WIDGET_SECURITY)
    @blp.response(200, StorefrontRead)
    def get(self):
        """What the storefront script needs to keep a click: the policy and the window. The
        only widget call without a session: it names no buyer and reads nothing of anyone."""
        merchant = current_merchant()
        settings = fraud.settings_for(db.session, merchant_id=merchant.id)
        return {"attribution": settings.attribution,
                "attribution_window_days": merchant.attribution_window_days}


class EnrollmentCreate(WriteSchema):
    """Nothing to send: the buyer is the one the session names, never one the page picks."""


@blp.route("/enrollment", methods=["POST"])
@blp.doc(security=WIDGET_SECURITY)
@blp.arguments(EnrollmentCreate, required=False)
@blp.response(201, EnrollmentRead)
@blp.alt_response(200, schema=EnrollmentRead, description="already a promoter")
def enroll(fields):
    """Make the session's buyer a promoter (idempotent) and return their link and the offer."""
    enrollment = widget_service.enroll(db.session, token=_token(), now=now())
    api_evidence.remember(enrollment.promoter, "widget", api_evidence.from_request())
    return enrollment, 201 if enrollment.created else 200


class ShareCreate(WriteSchema):
    channel = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(CHANNELS),
        metadata={"description": "where the link went"},
    )


class ShareRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("share")
    promoter = ma.fields.String(attribute="promoter_id")
    channel = ma.fields.String()
    url = ma.fields.Method("_url", metadata={
        "description": "the promoter's signed link tagged with the channel, for a shop's own "
                       "share buttons (the widget shares the short referral_url)"})
    created_at = ma.fields.AwareDateTime()

    def _url(self, share) -> str:
        return link_url(
            merchant_id=share.merchant_id, promoter_id=share.promoter_id, channel=share.channel
        )


@blp.route("/shares")
class ShareCollection(MethodView):
    @blp.doc(security=WIDGET_SECURITY)
    @blp.arguments(ShareCreate)
    @blp.response(201, ShareRead)
    def post(self, fields):
        """Record that the session's buyer shared their link, and return the link to share."""
        return widget_service.share(
            db.session, token=_token(), channel=fields["channel"], now=now()
        )


class WelcomeArgs(ma.Schema):
    click = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=40),
                             metadata={"description": "the gw_click id the redirect brought"})


class WelcomeRead(ma.Schema):
    object = ma.fields.Constant("welcome")
    referred_by = ma.fields.String(allow_none=True, metadata={
        "description": "the promoter's first name (never an email or surname); null when the "
                       "click is invalid, older than the attribution window, or names a "
                       "blocked or erased promoter"})
    offer = ma.fields.Nested(OfferRead)


@blp.route("/welcome")
class WelcomeView(MethodView):
    @blp.doc(security=WIDGET_SECURITY)
    @blp.arguments(WelcomeArgs, location="query")
    @blp.response(200, WelcomeRead)
    def get(self, args):
        """For the shop's landing page: who referred the friend this click brought, and the
        offer. No widget session: the click id from the redirect is the credential."""
        return widget_service.welcome(db.session, merchant_id=current_merchant().id,
                                      click_id=args["click"], now=now())


class FeedbackCreate(WriteSchema):
    score = ma.fields.Integer(required=True, strict=True,
                              validate=ma.validate.Range(min=0, max=10),
                              metadata={"description": "how likely to recommend us, 0 to 10"})
    text = ma.fields.String(validate=ma.validate.Length(max=2000), load_default=None)


class FeedbackRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("widget_feedback")
    score = ma.fields.Integer()
    text = ma.fields.String(allow_none=True)
    order = ma.fields.String(attribute="order_id", allow_none=True)
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()


@blp.route("/feedback", methods=["POST"])
@blp.doc(security=WIDGET_SECURITY)
@blp.arguments(FeedbackCreate)
@blp.response(201, FeedbackRead)
def give_feedback(fields):
    """Keep the buyer's score and words for the merchant; answering again replaces them."""
    return widget_service.give_feedback(db.session, token=_token(), now=now(), **fields)
