"""The owners' guardrails: the most one award may pay, and the shortest hold a rule may have.

Staff may edit rules and tiers but not the merchant's money settings, so without a ceiling a
staff account (or a stolen one) could save a rule paying a billion points with no hold. Owners
set the ceiling in Settings and API keys act for them (PATCH /v1/merchant); every rule and tier
is saved within it, whoever saves it. A fixed award is checked at its worst case, the value times
the highest tier multiplier; an award that depends on the order (per currency unit, percent) is
only known then. So evaluation caps every award at the guardrail too, which also covers a rule
saved before an owner lowered it: the award pays the guardrail and its description says so,
rather than nothing, because the promoter did what the rule asked. To the promoter one event is
one award, so rewards.program.rules also caps the sum of an event's awards to one promoter per unit.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.merchants.models import Merchant
from rewards.errors import GuardrailExceeded
from rewards.program.models import Rule, RuleVersion, Tier

BASIS_POINTS = 10_000
FIXED_KINDS = {"fixed_points": "points", "fixed_credit": "credit"}
SETTINGS_HINT = "An owner can raise it in Settings (or PATCH /v1/merchant)."


def ceiling(merchant: Merchant, kind: str) -> tuple[str, int]:
    """The guardrail's name and value for an award of `kind` (points or credit)."""
    if kind == "points":
        return "max_award_points", merchant.max_award_points
    return "max_award_credit", merchant.max_award_credit


def capped(merchant: Merchant, *, kind: str, amount: int) -> tuple[int, str | None]:
    """The award within the guardrail, and a note when it was cut down to it."""
    name, most = ceiling(merchant, kind)
    if amount <= most:
        return amount, None
    return most, f"capped at the merchant's {name} of {most}"


def hold_days(merchant: Merchant, rule_hold_days: int | None) -> int:
    """The rule's hold (or the merchant's), never shorter than the guardrail."""
    held = merchant.hold_days if rule_hold_days is None else rule_hold_days
    return max(held, merchant.min_hold_days)


def check_rule(session: Session, *, merchant_id: str, definition: dict) -> None:
    """Refuse a rule definition beyond the merchant's guardrails."""
    merchant = session.get(Merchant, merchant_id)
    hold = definition.get("hold_days")
    if hold is not None and hold < merchant.min_hold_days:
        raise GuardrailExceeded(
            f"hold_days ({hold}) is shorter than the merchant's guardrail min_hold_days "
            f"({merchant.min_hold_days}). {SETTINGS_HINT}", param="hold_days")
    kind = FIXED_KINDS.get(definition.get("reward_type"))
    if kind is None:
        return
    top = _top_multiplier(session, merchant_id)
    worst = definition["reward_value"] * top // BASIS_POINTS
    name, most = ceiling(merchant, kind)
    if worst > most:
        with_tier = "" if top == BASIS_POINTS else f" (x{top / BASIS_POINTS:g} in the top tier)"
        raise GuardrailExceeded(
            f"One award of this rule could pay {worst:,}{with_tier}, above the merchant's "
            f"guardrail {name} ({most:,}). {SETTINGS_HINT}", param="reward[value]")


def check_multiplier(session: Session, *, merchant_id: str, multiplier: int) -> None:
    """Refuse a tier multiplier that would push an active fixed rule past a guardrail."""
    merchant = session.get(Merchant, merchant_id)
    fixed = session.scalars(
        select(RuleVersion)
        .join(Rule, (Rule.id == RuleVersion.rule_id)
              & (Rule.current_version == RuleVersion.version))
        .where(Rule.merchant_id == merchant_id, Rule.active.is_(True),
               RuleVersion.reward_type.in_(FIXED_KINDS))
        .order_by(Rule.id)
    )
    for version in fixed:
        name, most = ceiling(merchant, FIXED_KINDS[version.reward_type])
        worst = version.reward_value * multiplier // BASIS_POINTS
        if worst > most:
            raise GuardrailExceeded(
                f"With x{multiplier / BASIS_POINTS:g} the rule {version.name!r} would pay "
                f"{worst:,} in one award, above the merchant's guardrail {name} ({most:,}). "
                f"{SETTINGS_HINT}", param="multiplier")


def _top_multiplier(session: Session, merchant_id: str) -> int:
    top = session.scalar(select(func.max(Tier.multiplier)).where(Tier.merchant_id == merchant_id))
    return max(top or BASIS_POINTS, BASIS_POINTS)
