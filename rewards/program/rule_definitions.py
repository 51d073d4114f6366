"""Creating, editing and reading a merchant's rules. Every edit appends a version.

Disabling is an edit like any other (`active: false` in a new version), so the history says
when a rule stopped paying and under which definition. An edit that changes nothing appends
nothing. The trigger is fixed at creation: a rule listening to another event is another rule.
"""

import re
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from core.currencies import is_currency
from core.ids import new_id
from core.pagination import page
from rewards.errors import RuleInvalid, RuleNotFound
from rewards.events import BENEFICIARIES, TRIGGERS
from rewards.program import guardrails
from rewards.program.models import RECURRING_MODES, REWARD_TYPES, Rule, RuleVersion

# Who each trigger can pay: enrolments and shares have one promoter, named as the "referrer".
BENEFICIARIES_BY_TRIGGER = {
    "referral.approved": ("referrer", "referee"),
    "order.paid": ("referrer", "referee", "customer"),
    "promoter.enrolled": ("referrer",),
    "share.created": ("referrer",),
    # The loyalty triggers are about one member, the "customer" (referrals/members/).
    "member.joined": ("customer",),
    "member.birthday": ("customer",),
    "member.anniversary": ("customer",),
    "order.milestone": ("customer",),
    "activity.recorded": ("customer",),
}
# Each trigger's own setting: order.milestone pays on the customer's `nth` order (required),
# member.anniversary on the `years`th anniversary only (absent: every one), activity.recorded
# for one `activity_type` the merchant names (required).
TRIGGER_SETTINGS = {"nth": "order.milestone", "years": "member.anniversary",
                    "activity_type": "activity.recorded"}
REQUIRED_SETTINGS = {"order.milestone": "nth", "activity.recorded": "activity_type"}
MAX_NTH = 10_000
MAX_YEARS = 100
# The merchant's own activity types: `review.written`, `social.followed`, ...
ACTIVITY_TYPE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
ORDER_REWARD_TYPES = ("points_per_currency_unit", "percent_of_order")
AMOUNT_REWARD_TYPES = ("fixed_points", "fixed_credit")
ORDER_CONDITIONS = ("first_order_only", "min_order_amount", "currency", "recurring_mode")
MAX_RECURRING_MONTHS = 120
# Only these events carry the friend's signup time.
REFERRAL_WINDOW_TRIGGERS = ("order.paid", "referral.approved")
FULL_PERCENT = 10_000  # basis points
# A share is a button press nobody can verify: a share rule pays a promoter at most once per
# channel in this many days unless the merchant makes the window longer.
SHARE_CHANNEL_DAYS = 1
MAX_CHANNEL_DAYS = 365

DEFINITION_FIELDS = (
    "name", "active", "beneficiary", "reward_type", "reward_value", "first_order_only",
    "min_order_amount", "within_days_of_referral", "currency", "recurring_mode",
    "recurring_months", "per_promoter_per_day",
    "per_promoter_per_month", "lifetime_cap", "budget", "per_channel_days", "hold_days",
    "nth", "years", "activity_type", "per_promoter_lifetime",
)
DEFAULTS = {"active": True, "first_order_only": False}


def check_definition(trigger: str, definition: dict[str, Any]) -> None:
    """Refuse a definition that could never award anything, or not what it says."""
    if trigger not in TRIGGERS:
        raise RuleInvalid(f"trigger must be one of {', '.join(TRIGGERS)}.", param="trigger")
    beneficiary = definition.get("beneficiary")
    if beneficiary not in BENEFICIARIES:
        raise RuleInvalid(
            f"beneficiary must be one of {', '.join(BENEFICIARIES)}.", param="beneficiary"
        )
    if beneficiary not in BENEFICIARIES_BY_TRIGGER[trigger]:
        raise RuleInvalid(
            f"A {trigger} event has no {beneficiary}; it can pay "
            f"{' or '.join(BENEFICIARIES_BY_TRIGGER[trigger])}.",
            param="beneficiary",
        )
    reward_type, value = definition.get("reward_type"), definition.get("reward_value")
    if reward_type not in REWARD_TYPES:
        raise RuleInvalid(f"reward.type must be one of {', '.join(REWARD_TYPES)}.",
                          param="reward[type]")
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise RuleInvalid("reward.value must be a whole number above zero.",
                          param="reward[value]")
    if reward_type in ORDER_REWARD_TYPES and trigger != "order.paid":
        raise RuleInvalid(f"{reward_type} needs an order; {trigger} has none.",
                          param="reward[type]")
    if reward_type == "percent_of_order" and value > FULL_PERCENT:
        raise RuleInvalid("percent_of_order is in basis points and may not exceed 10000 (100%).",
                          param="reward[value]")
    if trigger != "order.paid":
        for name in ORDER_CONDITIONS:
            if definition.get(name):
                shown = "recurring" if name == "recurring_mode" else name
                raise RuleInvalid(f"{shown} is about orders; {trigger} has none.",
                                  param=f"conditions[{shown}]")
    currency = definition.get("currency")
    if currency is not None and not is_currency(currency.upper()):
        # A typo ("USS") would save a rule that never pays: no order is ever in that currency.
        raise RuleInvalid(f"{currency!r} is not an ISO 4217 currency code such as USD.",
                          param="conditions[currency]")
    if definition.get("per_channel_days") is not None and trigger != "share.created":
        raise RuleInvalid(f"per_channel_days is about shares; {trigger} has none.",
                          param="limits[per_channel_days]")
    _check_recurring(definition)
    _check_trigger_settings(trigger, definition)
    if (definition.get("within_days_of_referral") is not None
            and trigger not in REFERRAL_WINDOW_TRIGGERS):
        raise RuleInvalid(f"within_days_of_referral needs a referral; {trigger} has none.",
                          param="conditions[within_days_of_referral]")
    _check_limits(definition, reward_type, value)


def _check_trigger_settings(trigger: str, definition: dict[str, Any]) -> None:
    for name, owner in TRIGGER_SETTINGS.items():
        if definition.get(name) is not None and trigger != owner:
            raise RuleInvalid(f"{name} is about {owner}; {trigger} has none.",
                              param=f"conditions[{name}]")
    required = REQUIRED_SETTINGS.get(trigger)
    if required is not None and definition.get(required) is None:
        raise RuleInvalid(f"A {trigger} rule needs conditions.{required}.",
                          param=f"conditions[{required}]")
    for name, most in (("nth", MAX_NTH), ("years", MAX_YEARS)):
        value = definition.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not 1 <= value <= most):
            raise RuleInvalid(f"{name} must be a whole number from 1 to {most}.",
                              param=f"conditions[{name}]")
    activity_type = definition.get("activity_type")
    if activity_type is not None and not (isinstance(activity_type, str)
                                          and ACTIVITY_TYPE.fullmatch(activity_type)):
        raise RuleInvalid("activity_type is 1 to 64 lowercase letters, digits, '.', '_' or "
                          "'-', such as review.written.", param="conditions[activity_type]")


def _check_recurring(definition: dict[str, Any]) -> None:
    mode, months = definition.get("recurring_mode"), definition.get("recurring_months")
    if mode is None and months is None:
        return
    if mode not in RECURRING_MODES:
        raise RuleInvalid(f"recurring.mode must be one of {', '.join(RECURRING_MODES)}.",
                          param="conditions[recurring][mode]")
    if mode == "first_invoice" and months is not None:
        raise RuleInvalid("recurring.months goes with mode months, not first_invoice.",
                          param="conditions[recurring][months]")
    if mode == "months" and (not isinstance(months, int) or isinstance(months, bool)
                             or not 1 <= months <= MAX_RECURRING_MONTHS):
        raise RuleInvalid(
            f"recurring.months must be a whole number from 1 to {MAX_RECURRING_MONTHS} "
            "with mode months.", param="conditions[recurring][months]")


def _with_share_limit(trigger: str, definition: dict[str, Any]) -> dict[str, Any]:
    """A share rule always has its per-channel window; an empty one is the default."""
    if trigger == "share.created" and definition.get("per_channel_days") is None:
        return {**definition, "per_channel_days": SHARE_CHANNEL_DAYS}
    return definition


def _check_limits(definition: dict[str, Any], reward_type: str, value: int) -> None:
    channel_days = definition.get("per_channel_days")
    if channel_days is not None and (
            not isinstance(channel_days, int) or isinstance(channel_days, bool)
            or not 1 <= channel_days <= MAX_CHANNEL_DAYS):
        raise RuleInvalid(f"per_channel_days must be a whole number from 1 to "
                          f"{MAX_CHANNEL_DAYS}.", param="limits[per_channel_days]")
    for name in ("lifetime_cap", "budget"):
        cap = definition.get(name)
        if cap is None:
            continue
        if reward_type == "coupon":
            # Caps and budgets add up amounts; a coupon has no amount in the ledger.
            raise RuleInvalid(f"{name} counts amounts; coupon rewards have none.",
                              param=f"limits[{name}]")
        if reward_type in AMOUNT_REWARD_TYPES and cap < value:
            raise RuleInvalid(f"{name} ({cap}) is smaller than one award ({value}).",
                              param=f"limits[{name}]")
    per_day, per_month = (definition.get("per_promoter_per_day"),
                          definition.get("per_promoter_per_month"))
    if per_day is not None and per_month is not None and per_month < per_day:
        raise RuleInvalid("per_promoter_per_month may not be below per_promoter_per_day.",
                          param="limits[per_promoter_per_month]")
    ever = definition.get("per_promoter_lifetime")
    if ever is not None and (not isinstance(ever, int) or isinstance(ever, bool) or ever < 1):
        raise RuleInvalid("per_promoter_lifetime must be a whole number above zero.",
                          param="limits[per_promoter_lifetime]")


def create_rule(
    session: Session, *, merchant_id: str, trigger: str, definition: dict[str, Any], now: datetime
) -> RuleVersion:
    """A new rule at version 1."""
    definition = _with_share_limit(trigger, {**DEFAULTS, **definition})
    check_definition(trigger, definition)
    guardrails.check_rule(session, merchant_id=merchant_id, definition=definition)
    rule = Rule(
        id=new_id("rul"), merchant_id=merchant_id, trigger=trigger, current_version=1,
        active=definition["active"], created_at=now,
    )
    session.add(rule)
    version = _new_version(rule, 1, definition, now)
    session.add(version)
    session.flush()
    return version


def update_rule(
    session: Session, *, merchant_id: str, rule_id: str, changes: dict[str, Any], now: datetime
) -> RuleVersion:
    """Append a version with `changes` (None clears an optional field); the old one stays."""
    rule = session.scalars(
        select(Rule).where(Rule.id == rule_id).with_for_update()
    ).one_or_none()
    if rule is None or rule.merchant_id != merchant_id:
        raise RuleNotFound(f"No such rule: {rule_id!r}", param="id")
    current = _current(session, rule)
    definition = {name: getattr(current, name) for name in DEFINITION_FIELDS}
    merged = _with_share_limit(rule.trigger, {**definition, **changes})
    for name in ("name", "active", "first_order_only", "beneficiary", "reward_type",
                 "reward_value"):
        if merged.get(name) is None:
            raise RuleInvalid(f"{name} cannot be cleared.", param=name)
    if merged == _with_share_limit(rule.trigger, definition):
        return current
    check_definition(rule.trigger, merged)
    guardrails.check_rule(session, merchant_id=merchant_id, definition=merged)
    rule.current_version += 1
    rule.active = merged["active"]
    version = _new_version(rule, rule.current_version, merged, now)
    session.add(version)
    session.flush()
    return version


def get_rule(
    session: Session, *, merchant_id: str, rule_id: str, version: int | None = None
) -> RuleVersion:
    """The current definition, or version `version` of it."""
    rule = session.get(Rule, rule_id)
    if rule is None or rule.merchant_id != merchant_id:
        raise RuleNotFound(f"No such rule: {rule_id!r}", param="id")
    found = _version(session, rule.id, rule.current_version if version is None else version)
    if found is None:
        raise RuleNotFound(
            f"Rule {rule_id} has versions 1 to {rule.current_version}.", param="version"
        )
    return found


def list_rules(
    session: Session,
    *,
    merchant_id: str,
    limit: int,
    starting_after: str | None = None, ending_before: str | None = None,
    trigger: str | None = None,
    active: bool | None = None,
) -> tuple[list[RuleVersion], bool]:
    """Rules at their current version, newest first."""
    statement = select(Rule).where(Rule.merchant_id == merchant_id)
    if trigger is not None:
        statement = statement.where(Rule.trigger == trigger)
    if active is not None:
        statement = statement.where(Rule.active == active)
    rules, has_more = page(
        session, statement, id_column=Rule.id, prefix="rul", limit=limit,
        starting_after=starting_after, ending_before=ending_before,
    )
    return [_current(session, rule) for rule in rules], has_more


# The active rules listening to a trigger, oldest first, at their current version; built once,
# sent with bind parameters "merchant" and "trigger" (every order reads it).
CURRENT_VERSIONS = (
    select(RuleVersion)
    .join(Rule, (Rule.id == RuleVersion.rule_id) & (Rule.current_version == RuleVersion.version))
    .where(Rule.merchant_id == bindparam("merchant"), Rule.trigger == bindparam("trigger"),
           Rule.active.is_(True))
    .order_by(Rule.id)
)


def current_versions(session: Session, *, merchant_id: str, trigger: str) -> list[RuleVersion]:
    """The active rules listening to `trigger`, oldest first, at their current version."""
    return list(session.scalars(CURRENT_VERSIONS, {"merchant": merchant_id, "trigger": trigger}))


def _current(session: Session, rule: Rule) -> RuleVersion:
    """A rule's current version, which exists: a rule is made with its version 1."""
    current = _version(session, rule.id, rule.current_version)
    assert current is not None
    return current


def defines_activity_type(session: Session, *, merchant_id: str, activity_type: str) -> bool:
    """Whether one of the merchant's activity.recorded rules names `activity_type` (at its
    current version, active or not: a paused rule's activities are still the shop's)."""
    return session.scalar(
        select(Rule.id).join(RuleVersion, (RuleVersion.rule_id == Rule.id)
                             & (RuleVersion.version == Rule.current_version))
        .where(Rule.merchant_id == merchant_id, Rule.trigger == "activity.recorded",
               RuleVersion.activity_type == activity_type).limit(1)
    ) is not None


def listening(session: Session, *, triggers: tuple[str, ...]) -> list[tuple[str, str]]:
    """(merchant id, trigger) for every merchant with an active rule on one of `triggers`."""
    return [(merchant_id, trigger) for merchant_id, trigger in session.execute(
        select(Rule.merchant_id, Rule.trigger).where(Rule.trigger.in_(triggers),
                                                     Rule.active.is_(True))
        .distinct().order_by(Rule.merchant_id, Rule.trigger))]


def _version(session: Session, rule_id: str, version: int) -> RuleVersion | None:
    return session.scalars(
        select(RuleVersion).where(RuleVersion.rule_id == rule_id, RuleVersion.version == version)
    ).one_or_none()


def _new_version(rule: Rule, number: int, definition: dict[str, Any], now: datetime
                 ) -> RuleVersion:
    return RuleVersion(
        rule_id=rule.id, version=number, created_at=now,
        **{name: definition.get(name) for name in DEFINITION_FIELDS},
    )
