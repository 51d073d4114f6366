"""GET /v1/api_keys: the merchant's keys, redacted. Keys are created and rolled from the CLI."""

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant
from api.request.schemas import ListArgs, list_body, list_of
from core.db import db
from core.merchants import keys as keys_service

blp = secret_blueprint(
    "api_keys", __name__, url_prefix="/v1/api_keys", description="API keys, never in full."
)


class ApiKeyRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("api_key")
    kind = ma.fields.String()
    mode = ma.fields.String()
    redacted = ma.fields.String()
    created_at = ma.fields.AwareDateTime()
    expires_at = ma.fields.AwareDateTime(allow_none=True)
    revoked_at = ma.fields.AwareDateTime(allow_none=True)


@blp.route("")
class ApiKeyList(MethodView):
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, list_of(ApiKeyRead))
    def get(self, args):
        """List this merchant's keys, newest first."""
        keys, has_more = keys_service.list_keys(
            db.session, merchant_id=current_merchant().id, **args
        )
        return list_body(keys, has_more)
