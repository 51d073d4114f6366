"""/v1/tiers: reward tiers a promoter climbs by referring or earning; `goodword demote-tiers`."""

import click
import marshmallow as ma
from flask.cli import AppGroup
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant, now
from api.request.schemas import WriteSchema, deleted, list_body, list_of
from api.request.unit_of_work import command_unit_of_work, current_unit_of_work
from core.db import db
from rewards.program import tier_definitions, tiers
from rewards.program.models import TIER_METRICS

blp = secret_blueprint(
    "tiers", __name__, url_prefix="/v1/tiers",
    description="Tiers: promoters who refer or earn more get a multiplier and perks.",
)
tiers_cli = AppGroup("tiers", help="Reward tiers.")


class TierUpdate(WriteSchema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=100))
    metric = ma.fields.String(
        validate=ma.validate.OneOf(TIER_METRICS),
        metadata={"description": "what the threshold counts; one metric per merchant"},
    )
    threshold = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=1, max=1_000_000_000),
        metadata={"description": "approved referrals, or points earned net of clawbacks"},
    )
    window_days = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=1, max=3650),
        metadata={"description": "the rolling window the threshold is counted over"},
    )
    multiplier = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=10_000, max=100_000),
        metadata={"description": "basis points applied to rule awards: 15000 is 1.5x"},
    )
    perks = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=2000))
    grace_days = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=0, max=365),
        metadata={"description": "days below the threshold before demotion; default 30"},
    )


class TierCreate(TierUpdate):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    metric = ma.fields.String(required=True, validate=ma.validate.OneOf(TIER_METRICS))
    threshold = ma.fields.Integer(
        strict=True, required=True, validate=ma.validate.Range(min=1, max=1_000_000_000)
    )
    window_days = ma.fields.Integer(
        strict=True, required=True, validate=ma.validate.Range(min=1, max=3650)
    )
    multiplier = ma.fields.Integer(
        strict=True, load_default=10_000, validate=ma.validate.Range(min=10_000, max=100_000)
    )


class TierRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("tier")
    name = ma.fields.String()
    metric = ma.fields.String()
    threshold = ma.fields.Integer()
    window_days = ma.fields.Integer()
    multiplier = ma.fields.Integer()
    perks = ma.fields.String(allow_none=True)
    grace_days = ma.fields.Integer()
    created_at = ma.fields.AwareDateTime()


class PromoterTierRead(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    multiplier = ma.fields.Integer()
    perks = ma.fields.String(allow_none=True)


class NextTierRead(ma.Schema):
    id = ma.fields.String(attribute="tier.id")
    name = ma.fields.String(attribute="tier.name")
    metric = ma.fields.String(attribute="tier.metric")
    threshold = ma.fields.Integer(attribute="tier.threshold")
    window_days = ma.fields.Integer(attribute="tier.window_days")
    current = ma.fields.Integer(metadata={"description": "the promoter's figure so far"})


@blp.route("")
class TierCollection(MethodView):
    @blp.arguments(TierCreate)
    @blp.response(201, TierRead)
    def post(self, fields):
        """Create a tier; every promoter who qualifies now is placed at once (a tier.changed
        event each)."""
        tier, _ = tiers.create_tier(
            db.session, merchant_id=current_merchant().id, now=now(), **fields
        )
        return tier

    @blp.response(200, list_of(TierRead))
    def get(self):
        """All tiers, lowest threshold first (at most 20, so never more than one page)."""
        return list_body(tier_definitions.ladder(db.session, merchant_id=current_merchant().id),
                         False)


@blp.route("/<tier_id>")
class TierItem(MethodView):
    @blp.response(200, TierRead)
    def get(self, tier_id):
        """Retrieve a tier."""
        return tier_definitions.get_tier(
            db.session, merchant_id=current_merchant().id, tier_id=tier_id
        )

    @blp.arguments(TierUpdate)
    @blp.response(200, TierRead)
    def patch(self, changes, tier_id):
        """Change a tier; promoters who now qualify higher move at once, and those now below
        their tier start its grace period (demote-tiers demotes them when it ends)."""
        tier, _ = tiers.update_tier(
            db.session, merchant_id=current_merchant().id, tier_id=tier_id, changes=changes,
            now=now(),
        )
        return tier

    @blp.response(200, deleted(TierRead))
    def delete(self, tier_id):
        """Delete a tier; its promoters move at once to the highest remaining tier they qualify
        for (or none), each with a tier.changed event."""
        tier, _ = tiers.delete_tier(
            db.session, merchant_id=current_merchant().id, tier_id=tier_id, now=now()
        )
        return tier


@tiers_cli.command("demote-tiers")
@command_unit_of_work
def demote_tiers():
    """Demote promoters below their tier's threshold for longer than its grace period.
    Run it daily; running it twice changes nothing."""
    counts = {"promoted": 0, "demoted": 0, "grace_started": 0}
    after = None
    while True:
        # One transaction per batch: a long run never holds every promoter's row at once.
        changes, after = tiers.demote_tiers(db.session, now=now(), after=after)
        current_unit_of_work().commit()
        for change in changes:
            counts[change.change] += 1
        if after is None:
            break
    click.echo(
        f"demoted {counts['demoted']}, grace started for {counts['grace_started']}, "
        f"promoted {counts['promoted']}"
    )
