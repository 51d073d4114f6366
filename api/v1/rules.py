"""/v1/rules: the merchant's incentive rules, versioned, and the dry run."""

from dataclasses import asdict

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant, now
from api.request.schemas import ListArgs, WriteSchema, list_body, list_of, metadata_field
from core import metadata
from core.db import db
from rewards.events import BENEFICIARIES, TRIGGERS, Award
from rewards.program import rule_definitions
from rewards.program import rules as rules_service
from rewards.program.models import RECURRING_MODES, REWARD_TYPES
from rewards.program.rule_definitions import (
    DEFINITION_FIELDS,
    MAX_CHANNEL_DAYS,
    MAX_NTH,
    MAX_RECURRING_MONTHS,
    MAX_YEARS,
)

blp = secret_blueprint(
    "rules", __name__, url_prefix="/v1/rules",
    description="What earns rewards: a trigger, a beneficiary, a reward, conditions and limits.",
)

MAX_AMOUNT = 1_000_000_000


def _count(description: str, maximum: int = MAX_AMOUNT, **options):
    return ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=1, max=maximum),
        metadata={"description": description}, **options,
    )


def _currency(**options):
    return ma.fields.String(
        validate=ma.validate.Regexp(r"^[A-Za-z]{3}$", error="Give a 3-letter ISO currency code."),
        **options,
    )


class RewardFields(WriteSchema):
    type = ma.fields.String(required=True, validate=ma.validate.OneOf(REWARD_TYPES))
    value = _count(
        "fixed_points: points; points_per_currency_unit: points per whole major unit; "
        "percent_of_order: basis points (1000 = 10%); fixed_credit: minor units of the "
        "merchant's currency; coupon: the coupon's value", required=True,
    )


class RecurringFields(WriteSchema):
    mode = ma.fields.String(
        required=True, validate=ma.validate.OneOf(RECURRING_MODES),
        metadata={"description": "first_invoice: only a subscription's first paid invoice; "
                  "months: every invoice whose service period starts within `months` of the "
                  "first's"},
    )
    months = _count("with mode months", MAX_RECURRING_MONTHS)


class ConditionFields(WriteSchema):
    first_order_only = ma.fields.Boolean(allow_none=True)
    min_order_amount = _count("minor units of the rule's currency", allow_none=True)
    within_days_of_referral = _count("the order is at most this many days after the signup",
                                     3650, allow_none=True)
    currency = _currency(allow_none=True, metadata={
        "description": "the currency the rule counts in (null: the merchant's, for a rule that "
        "pays by amount or has min_order_amount); an order in another currency counts only "
        "through the merchant's /v1/exchange_rates"})
    recurring = ma.fields.Nested(
        RecurringFields, allow_none=True,
        metadata={"description": "for subscription invoices (Stripe invoice.paid); absent or "
                  "null: every invoice earns, like any order"},
    )
    nth = _count("order.milestone (required): pays on the customer's Nth order", MAX_NTH,
                 allow_none=True)
    years = _count("member.anniversary: pays only on this anniversary; null or absent: every "
                   "one", MAX_YEARS, allow_none=True)
    activity_type = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(min=1, max=64),
        metadata={"description": "activity.recorded (required): the type of your activity it "
                  "pays for, such as review.written"})


class LimitFields(WriteSchema):
    per_promoter_per_day = _count("awards per promoter in the last 24 hours", allow_none=True)
    per_promoter_per_month = _count("awards per promoter in the last 30 days", allow_none=True)
    per_promoter_lifetime = _count("awards per promoter ever", allow_none=True)
    lifetime_cap = _count("total amount per promoter, net of clawbacks", allow_none=True)
    budget = _count("total amount across all promoters, net of clawbacks", allow_none=True)
    per_channel_days = _count(
        "share.created only: a promoter's shares through one channel pay once in this many "
        "days; null or absent: 1", MAX_CHANNEL_DAYS, allow_none=True)


class RuleUpdate(WriteSchema):
    metadata = metadata_field()
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=100))
    active = ma.fields.Boolean(metadata={"description": "false disables the rule (a new version)"})
    beneficiary = ma.fields.String(validate=ma.validate.OneOf(BENEFICIARIES))
    reward = ma.fields.Nested(RewardFields)
    conditions = ma.fields.Nested(ConditionFields, metadata={"description": "null clears one"})
    limits = ma.fields.Nested(LimitFields, metadata={"description": "null clears one"})
    hold_days = ma.fields.Integer(
        strict=True, allow_none=True, validate=ma.validate.Range(min=0, max=365),
        metadata={"description": "null: the merchant's hold_days"},
    )

    @ma.post_load
    def flatten(self, fields, **kwargs):
        """The API groups a definition; a rule version stores it as one flat row."""
        flat = {name: value for name, value in fields.items()
                if name not in ("reward", "conditions", "limits")}
        if "reward" in fields:
            flat["reward_type"] = fields["reward"]["type"]
            flat["reward_value"] = fields["reward"]["value"]
        conditions = dict(fields.get("conditions", {}))
        if "recurring" in conditions:
            recurring = conditions.pop("recurring") or {}
            flat["recurring_mode"] = recurring.get("mode")
            flat["recurring_months"] = recurring.get("months")
        flat.update(conditions)
        flat.update(fields.get("limits", {}))
        if flat.get("currency"):
            flat["currency"] = flat["currency"].upper()
        if "first_order_only" in flat and flat["first_order_only"] is None:
            flat["first_order_only"] = False
        return flat


class RuleCreate(RuleUpdate):
    trigger = ma.fields.String(required=True, validate=ma.validate.OneOf(TRIGGERS))
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    beneficiary = ma.fields.String(required=True, validate=ma.validate.OneOf(BENEFICIARIES))
    reward = ma.fields.Nested(RewardFields, required=True)


class RewardRead(ma.Schema):
    type = ma.fields.String()
    value = ma.fields.Integer()


class ConditionsRead(ma.Schema):
    first_order_only = ma.fields.Boolean()
    min_order_amount = ma.fields.Integer(allow_none=True)
    within_days_of_referral = ma.fields.Integer(allow_none=True)
    currency = ma.fields.String(allow_none=True)
    recurring = ma.fields.Dict(allow_none=True,
                               metadata={"description": "{mode, months} or null"})
    nth = ma.fields.Integer(allow_none=True)
    years = ma.fields.Integer(allow_none=True)
    activity_type = ma.fields.String(allow_none=True)


class LimitsRead(ma.Schema):
    per_promoter_per_day = ma.fields.Integer(allow_none=True)
    per_promoter_per_month = ma.fields.Integer(allow_none=True)
    per_promoter_lifetime = ma.fields.Integer(allow_none=True)
    lifetime_cap = ma.fields.Integer(allow_none=True)
    budget = ma.fields.Integer(allow_none=True)
    per_channel_days = ma.fields.Integer(allow_none=True)


class RuleRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("rule")
    name = ma.fields.String()
    trigger = ma.fields.String()
    version = ma.fields.Integer(metadata={"description": "the version shown"})
    current_version = ma.fields.Integer()
    active = ma.fields.Boolean(metadata={"description": "as of the version shown"})
    beneficiary = ma.fields.String()
    reward = ma.fields.Nested(RewardRead)
    conditions = ma.fields.Nested(ConditionsRead)
    limits = ma.fields.Nested(LimitsRead)
    hold_days = ma.fields.Integer(
        allow_none=True, metadata={"description": "null: the merchant's hold_days"}
    )
    created_at = ma.fields.AwareDateTime()
    version_created_at = ma.fields.AwareDateTime()
    metadata = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(),
                              metadata={"description": "your own keys and values"})

    @ma.pre_dump
    def grouped(self, version, **kwargs):
        """A version is one flat row; the API groups it as it was written."""
        fields = {name: getattr(version, name) for name in DEFINITION_FIELDS}
        return {
            "id": version.rule_id,
            "name": version.name,
            "trigger": version.rule.trigger,
            "version": version.version,
            "current_version": version.rule.current_version,
            "active": version.active,
            "beneficiary": version.beneficiary,
            "reward": {"type": version.reward_type, "value": version.reward_value},
            "conditions": {
                **{name: fields[name] for name in ConditionsRead._declared_fields
                   if name != "recurring"},
                "recurring": None if version.recurring_mode is None else {
                    "mode": version.recurring_mode, "months": version.recurring_months},
            },
            "limits": {name: fields[name] for name in LimitsRead._declared_fields},
            "hold_days": version.hold_days,
            "created_at": version.rule.created_at,
            "version_created_at": version.created_at,
            "metadata": version.rule.metadata_,
        }


class RuleListArgs(ListArgs):
    trigger = ma.fields.String(validate=ma.validate.OneOf(TRIGGERS))
    active = ma.fields.Boolean()


class RuleGetArgs(WriteSchema):
    version = ma.fields.Integer(validate=ma.validate.Range(min=1),
                                metadata={"description": "read an earlier version"})


class DryRunCreate(WriteSchema):
    trigger = ma.fields.String(required=True, validate=ma.validate.OneOf(TRIGGERS))
    referrer = ma.fields.String(validate=ma.validate.Length(max=40),
                                metadata={"description": "promoter id"})
    referee = ma.fields.String(validate=ma.validate.Length(max=40),
                               metadata={"description": "promoter id"})
    customer = ma.fields.String(validate=ma.validate.Length(max=40),
                                metadata={"description": "promoter id"})
    order_amount = _count("minor units")
    currency = _currency()
    first_order = ma.fields.Boolean()
    referral_created_at = ma.fields.AwareDateTime()
    days_since_referral = ma.fields.Integer(strict=True,
                                            validate=ma.validate.Range(min=0, max=3650))
    first_invoice = ma.fields.Boolean(
        metadata={"description": "the order is a subscription's first paid invoice"})
    months_since_first_invoice = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=0, max=MAX_RECURRING_MONTHS * 2),
        metadata={"description": "the order is a subscription invoice this many whole months "
                  "after the first (0: the first month)"},
    )
    order_number = _count("order.milestone: the customer's how-manieth order", MAX_NTH)
    years = _count("member.anniversary: whole years since the member joined", MAX_YEARS)
    activity_type = ma.fields.String(validate=ma.validate.Length(min=1, max=64),
                                     metadata={"description": "activity.recorded: its type"})


class VerdictRead(ma.Schema):
    object = ma.fields.Constant("rule_verdict")
    rule = ma.fields.String()
    rule_version = ma.fields.Integer()
    beneficiary = ma.fields.String()
    outcome = ma.fields.String(metadata={"description": "award or skip"})
    promoter = ma.fields.String(allow_none=True)
    kind = ma.fields.String(allow_none=True, metadata={"description": "points or credit"})
    unit = ma.fields.String(allow_none=True, metadata={"description": "points or a currency"})
    amount = ma.fields.Integer(allow_none=True)
    hold_days = ma.fields.Integer(allow_none=True)
    description = ma.fields.String(allow_none=True)
    code = ma.fields.String(allow_none=True, metadata={"description": "why a rule skips"})
    message = ma.fields.String(allow_none=True)

    @ma.pre_dump
    def as_fields(self, verdict, **kwargs):
        award = isinstance(verdict, Award)
        fields = {name: None for name in self.dump_fields}
        fields.update(asdict(verdict))
        fields.update(
            rule=verdict.rule_id, outcome="award" if award else "skip",
            promoter=verdict.promoter_id if award else None,
        )
        return fields


@blp.route("")
class RuleCollection(MethodView):
    @blp.arguments(RuleCreate)
    @blp.response(201, RuleRead)
    def post(self, fields):
        """Create a rule at version 1."""
        trigger = fields.pop("trigger")
        changes = fields.pop("metadata", None)
        version = rule_definitions.create_rule(
            db.session, merchant_id=current_merchant().id, trigger=trigger, definition=fields,
            now=now(),
        )
        metadata.update(version.rule, changes)
        return version

    @blp.arguments(RuleListArgs, location="query")
    @blp.response(200, list_of(RuleRead))
    def get(self, args):
        """List rules at their current version, newest first; filter by trigger or active."""
        versions, has_more = rule_definitions.list_rules(
            db.session, merchant_id=current_merchant().id, **args
        )
        return list_body(versions, has_more)


@blp.route("/<rule_id:rule_id>")
class RuleItem(MethodView):
    @blp.arguments(RuleGetArgs, location="query")
    @blp.response(200, RuleRead)
    def get(self, args, rule_id):
        """Retrieve a rule at its current version, or at `?version=N`."""
        return rule_definitions.get_rule(
            db.session, merchant_id=current_merchant().id, rule_id=rule_id, **args
        )

    @blp.arguments(RuleUpdate)
    @blp.response(200, RuleRead)
    def patch(self, changes, rule_id):
        """Edit a rule: appends a version (earlier ones stay readable). `active: false` disables
        it; a change that changes nothing appends nothing."""
        metadata_changes = changes.pop("metadata", None)
        version = rule_definitions.update_rule(
            db.session, merchant_id=current_merchant().id, rule_id=rule_id, changes=changes,
            now=now(),
        )
        metadata.update(version.rule, metadata_changes)
        return version


@blp.route("/dry_run", methods=["POST"])
@blp.arguments(DryRunCreate)
@blp.response(200, list_of(VerdictRead))
def dry_run(fields):
    """What every active rule on the trigger would award for this hypothetical event, and why
    not. Nothing is written."""
    verdicts = rules_service.dry_run(
        db.session, merchant_id=current_merchant().id, now=now(), **fields
    )
    return list_body(verdicts, False)
