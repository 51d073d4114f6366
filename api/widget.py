"""/widget/v1: what the share widget on a shop's page may call, with a publishable key.

Publishable keys are public (they sit in the shop's HTML), so this API only records widget
events; it never reads promoter data. Secret keys are refused here on purpose: a server holding
a secret key has the /v1 API, and keeping the two surfaces apart keeps each key's power obvious.
CORS admits any origin, without credentials: the widget runs on the merchant's own pages, and
the key, not a cookie, says who is calling.
"""

import marshmallow as ma
from flask.views import MethodView

from api.blueprints import keyed_blueprint
from api.context import current_merchant, now
from api.redirects import link_url
from api.schemas import WriteSchema
from core.db import db
from referrals import shares as shares_service
from referrals.channels import CHANNELS

blp = keyed_blueprint(
    "widget",
    __name__,
    url_prefix="/widget/v1",
    kinds=("publishable",),
    description="Widget events, called from shops' pages with a publishable key.",
)

CORS_RESOURCES = {
    r"/widget/v1/*": {
        "origins": "*",
        # "*" rather than the echoed origin: browsers then refuse to send cookies, whatever
        # the caller asks, and one cached answer serves every shop.
        "send_wildcard": True,
        "supports_credentials": False,
        "allow_headers": ["Authorization", "Content-Type", "Idempotency-Key"],
        "max_age": 600,
    }
}


class ShareCreate(WriteSchema):
    promoter = ma.fields.String(
        required=True, metadata={"description": "id of the promoter who shared"}
    )
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
    url = ma.fields.Method(
        "_url", metadata={"description": "the promoter's signed link, tagged with the channel"}
    )
    created_at = ma.fields.AwareDateTime()

    def _url(self, share) -> str:
        return link_url(
            merchant_id=share.merchant_id, promoter_id=share.promoter_id, channel=share.channel
        )


@blp.route("/shares")
class ShareCollection(MethodView):
    @blp.doc(security=[{"publishableKey": []}])
    @blp.arguments(ShareCreate)
    @blp.response(201, ShareRead)
    def post(self, fields):
        """Record that a promoter shared their link, and return the link to share."""
        return shares_service.record_share(
            db.session,
            merchant_id=current_merchant().id,
            promoter_id=fields["promoter"],
            channel=fields["channel"],
            now=now(),
        )
