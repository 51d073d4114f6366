"""What holds an amount in the merchant's currency, so that changing the currency is refused.

Every amount Goodword keeps for a merchant is a bare integer in minor units of the merchant's
currency: a fixed_credit value, the caps and budgets of store-credit rules, the minimum order
and the per-unit points of a rule without its own currency, the store credit already issued,
point_value and max_award_credit. Changing the currency would reread each of them in the new
one (50,000 dong of credit, about $2, would become $500), and Goodword cannot guess the rate.
So the currency changes only while nothing holds an amount in it; the refusal lists what to
change first. Disabled rules count too: enabling one again would pay its old numbers in the
new currency. Store credit already issued stays in the currency it was issued in, so a
merchant who has issued any keeps their currency. point_value and max_award_credit at their
defaults were never chosen in the old currency and stay the defaults; values an owner set must
be restated in the new currency in the same request.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.merchants.models import DEFAULT_MAX_AWARD, Merchant
from rewards.ledger.models import Reward
from rewards.program.models import Rule, RuleVersion

CREDIT_REWARD_TYPES = ("fixed_credit", "percent_of_order")
# Defaults a new merchant gets (core.merchants.models): not a choice made in the old currency.
SETTING_DEFAULTS = {"point_value": 1, "max_award_credit": DEFAULT_MAX_AWARD}
NAMED_RULES = 5


def amounts_held(session: Session, *, merchant: Merchant, changes: dict) -> list[str]:
    """Why the merchant's currency cannot change with `changes`: one sentence per holder,
    each saying what to change first; empty when nothing holds an amount in it."""
    currency = merchant.currency.upper()
    reasons = _rules_holding(session, merchant, currency)
    if session.scalar(select(Reward.id).where(Reward.merchant_id == merchant.id,
                                              Reward.unit == currency).limit(1)):
        reasons.append(f"store credit has been issued in {currency}, and it stays in {currency} "
                       "(a merchant who has issued store credit keeps their currency)")
    for name, default in SETTING_DEFAULTS.items():
        if name not in changes and getattr(merchant, name) != default:
            reasons.append(f"{name} ({getattr(merchant, name):,}) is in minor units of "
                           f"{currency}: restate it in the new currency in the same request")
    return reasons


def _rules_holding(session: Session, merchant: Merchant, currency: str) -> list[str]:
    versions = session.scalars(
        select(RuleVersion)
        .join(Rule, (Rule.id == RuleVersion.rule_id)
              & (Rule.current_version == RuleVersion.version))
        .where(Rule.merchant_id == merchant.id)
        .order_by(Rule.id)
    ).all()
    held = [(version, why) for version in versions
            if (why := _held_by(version, currency)) is not None]
    reasons = [f"rule {version.name!r} ({version.rule_id}{'' if version.active else ', disabled'})"
               f" {why}" for version, why in held[:NAMED_RULES]]
    if len(held) > NAMED_RULES:
        reasons.append(f"{len(held) - NAMED_RULES} more rules like them")
    return reasons


def _held_by(version: RuleVersion, currency: str) -> str | None:
    """What amount in `currency` this rule version holds and how to free it, or None."""
    if version.reward_type == "fixed_credit":
        return (f"pays {version.reward_value:,} minor units of {currency}: change its reward "
                "to another type")
    if version.reward_type in CREDIT_REWARD_TYPES and (
            version.lifetime_cap is not None or version.budget is not None):
        return f"caps store credit in {currency}: remove its lifetime_cap and budget"
    if version.currency is None and (version.reward_type == "points_per_currency_unit"
                                     or version.min_order_amount is not None):
        return (f"counts orders in {currency}: give it its own currency "
                f"(conditions.currency: {currency})")
    return None
