"""/v1/catalog_rewards: the rewards members choose to spend their points on."""

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant, now
from api.request.schemas import WriteSchema, list_body, list_of
from core.db import db
from rewards.catalog import service as catalog
from rewards.catalog.models import CATALOG_KINDS
from rewards.catalog.service import MAX_CODES_PER_UPLOAD, RewardTerms

blp = secret_blueprint(
    "catalog", __name__, url_prefix="/v1/catalog_rewards",
    description="The rewards catalog: what members may redeem their points for.",
)


class CatalogRewardUpdate(WriteSchema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    description = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=2000))
    points_cost = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=10**9))
    per_member_limit = ma.fields.Integer(
        strict=True, allow_none=True, validate=ma.validate.Range(min=1, max=10_000),
        metadata={"description": "redemptions per member; null: no limit"})
    active = ma.fields.Boolean(metadata={"description": "false: no longer offered"})


class CatalogRewardCreate(CatalogRewardUpdate):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    points_cost = ma.fields.Integer(required=True, strict=True,
                                    validate=ma.validate.Range(min=1, max=10**9))
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(CATALOG_KINDS), metadata={
        "description": "store_credit or amount_coupon (give amount), percent_coupon (give "
                       "percent_off), free_shipping, free_product (give product), code_pool "
                       "(upload codes)"})
    amount = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=10**9),
                               metadata={"description": "minor units of your currency"})
    percent_off = ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=100))
    product = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    active = ma.fields.Constant(True, dump_only=True)


class CatalogRewardRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("catalog_reward")
    name = ma.fields.String()
    description = ma.fields.String(allow_none=True)
    kind = ma.fields.String()
    points_cost = ma.fields.Integer()
    amount = ma.fields.Integer(allow_none=True)
    currency = ma.fields.String(allow_none=True)
    percent_off = ma.fields.Integer(allow_none=True)
    product = ma.fields.String(allow_none=True)
    per_member_limit = ma.fields.Integer(allow_none=True)
    active = ma.fields.Boolean()
    codes_left = ma.fields.Integer(allow_none=True,
                                   metadata={"description": "free codes of a code_pool reward"})
    created_at = ma.fields.AwareDateTime()


class CodesUpload(WriteSchema):
    codes = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=64)), required=True,
        validate=ma.validate.Length(min=1, max=MAX_CODES_PER_UPLOAD),
        metadata={"description": "unique codes; one already in the pool is skipped"})


class CodesUploaded(ma.Schema):
    object = ma.fields.Constant("code_upload")
    added = ma.fields.Integer()
    codes_left = ma.fields.Integer()


def _with_stock(rewards):
    left = catalog.codes_left(db.session, merchant_id=current_merchant().id)
    for reward in rewards:
        reward.codes_left = left.get(reward.id, 0) if reward.kind == "code_pool" else None
    return rewards


@blp.route("")
class CatalogRewardCollection(MethodView):
    @blp.arguments(CatalogRewardCreate)
    @blp.response(201, CatalogRewardRead)
    def post(self, fields):
        """Add a reward to the catalog."""
        fields.pop("active", None)
        reward = catalog.create_reward(db.session, merchant=current_merchant(),
                                       terms=RewardTerms(**fields), now=now())
        return _with_stock([reward])[0]

    @blp.response(200, list_of(CatalogRewardRead))
    def get(self):
        """The whole catalog, cheapest first."""
        rewards = catalog.list_rewards(db.session, merchant_id=current_merchant().id)
        return list_body(_with_stock(rewards), False)


@blp.route("/<reward_id>")
class CatalogRewardItem(MethodView):
    @blp.response(200, CatalogRewardRead)
    def get(self, reward_id):
        """Retrieve a catalog reward."""
        return _with_stock([catalog.get_reward(db.session, merchant_id=current_merchant().id,
                                               reward_id=reward_id)])[0]

    @blp.arguments(CatalogRewardUpdate)
    @blp.response(200, CatalogRewardRead)
    def patch(self, changes, reward_id):
        """Rename, reprice, limit or turn off a reward; what it pays stays as created."""
        return _with_stock([catalog.update_reward(
            db.session, merchant_id=current_merchant().id, reward_id=reward_id,
            changes=changes)])[0]


@blp.route("/<reward_id>/codes")
class CatalogRewardCodes(MethodView):
    @blp.arguments(CodesUpload)
    @blp.response(201, CodesUploaded)
    def post(self, fields, reward_id):
        """Upload unique codes to a code_pool reward: each is handed to one redemption."""
        merchant_id = current_merchant().id
        added = catalog.add_codes(db.session, merchant_id=merchant_id, reward_id=reward_id,
                                  codes=fields["codes"], now=now())
        left = catalog.codes_left(db.session, merchant_id=merchant_id).get(reward_id, 0)
        return {"added": added, "codes_left": left}
