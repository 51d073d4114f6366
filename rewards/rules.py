"""Evaluating a merchant's rules against an event: what each rule awards, or why it does not.

Amounts are integers and every division rounds down, so a promoter is never paid a fraction the
merchant did not promise:
- fixed_points: `value` points.
- points_per_currency_unit: `value` points per whole major unit of the order (1 point per $1 on
  an order of 2599 cents is 25 points); the currency's minor units decide what a major unit is.
- percent_of_order: store credit of `value` basis points of the order, in the order's currency
  (1000 is 10%: 2599 cents gives 259 cents).
- fixed_credit: `value` minor units of store credit in the merchant's currency.
- coupon: never an award here. Coupons are created in Stripe by the gateway, so the rule answers
  a Skip with the code `coupon_needs_stripe` until that exists.
The beneficiary's tier multiplier (basis points) applies to the amount last, rounding down too.

Limits read the `rewards` lots the rule already produced. Counts (per day: the last 24 hours,
per month: the last 30 days) include clawed-back awards, so buying and refunding cannot recycle
a daily allowance. Lifetime caps and budgets count what was really given, amount minus
clawed_back: a refund's clawback frees that part of the cap and the budget again. A cap or
budget that has only part of an award left pays that part and says so, instead of nothing.

`evaluate` writes nothing. It locks the rows of the rules that have limits until the caller
commits, so two orders at once cannot both take the last of a budget.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.currencies import minor_units
from core.merchants.models import Merchant
from rewards import tiers
from rewards.errors import PromoterNotFound, RuleInvalid
from rewards.events import Award, RewardEvent, Skip
from rewards.models import Reward
from rewards.ports import referral_facts
from rewards.program_models import Rule, RuleVersion
from rewards.rule_definitions import BENEFICIARIES_BY_TRIGGER, CURRENT_VERSIONS

DAY = timedelta(days=1)
MONTH = timedelta(days=30)
BASIS_POINTS = 10_000
DESCRIPTION_LENGTH = 200
MAX_AWARD = 10**12
def base_amount(
    reward_type: str, value: int, *, order_amount: int | None, currency: str
) -> int:
    """The award before the tier multiplier; `currency` is the order's (or the merchant's)."""
    if reward_type in ("fixed_points", "fixed_credit"):
        return value
    if reward_type == "points_per_currency_unit":
        return (order_amount or 0) // minor_units(currency) * value
    if reward_type == "percent_of_order":
        return (order_amount or 0) * value // BASIS_POINTS
    raise ValueError(f"{reward_type} has no amount")


def with_multiplier(amount: int, multiplier: int) -> int:
    return amount * multiplier // BASIS_POINTS


# The rules, and whether the merchant has a tier ladder, in one statement: a merchant without
# tiers then costs no read of them (the multiplier and the re-evaluation read none).
_RULES_AND_LADDER = CURRENT_VERSIONS.add_columns(tiers.LADDER_EXISTS)


def evaluate(session: Session, *, event: RewardEvent, now: datetime) -> list[Award | Skip]:
    """Each active rule on the event's trigger, at its current version: an Award or a Skip."""
    return _verdicts(session, event=event, now=now, lock=True)


@dataclass(frozen=True)
class _Context:
    merchant: Merchant
    event: RewardEvent
    now: datetime


def _verdicts(session: Session, *, event: RewardEvent, now: datetime, lock: bool
              ) -> list[Award | Skip]:
    rows = session.execute(_RULES_AND_LADDER, {"merchant": event.merchant_id,
                                               "trigger": event.trigger}).all()
    versions = [version for version, _ in rows]
    tiers.note_ladder(session, merchant_id=event.merchant_id, found=rows[0][1] if rows else None)
    limited = sorted(version.rule_id for version in versions if _has_limits(version))
    if lock and limited:
        # Locked in id order, the same order for every caller, so two events never deadlock;
        # NO KEY UPDATE, so lots pointing at the rule never wait for it (see orders.lock_order).
        session.scalars(
            select(Rule.id).where(Rule.id.in_(limited)).order_by(Rule.id)
            .with_for_update(key_share=True)
        ).all()
    context = _Context(session.get(Merchant, event.merchant_id), event, now)

    def multiplier_of(promoter_id: str) -> int:
        return tiers.multiplier_for(session, merchant_id=event.merchant_id,
                                    promoter_id=promoter_id)

    def apply_limits(version: RuleVersion, promoter_id: str, unit: str, amount: int):
        return _apply_limits(session, context, version, promoter_id, unit, amount)

    return [_verdict(context, version, multiplier_of, apply_limits) for version in versions]


def _has_limits(version: RuleVersion) -> bool:
    return any(
        getattr(version, name) is not None
        for name in ("per_promoter_per_day", "per_promoter_per_month", "lifetime_cap", "budget")
    )


def _verdict(context: _Context, version: RuleVersion, multiplier_of, apply_limits
             ) -> Award | Skip:
    """One rule's verdict. `multiplier_of(promoter_id)` is the promoter's tier multiplier;
    `apply_limits(version, promoter_id, unit, amount)` applies the rule's limits."""
    event = context.event

    def skip(code: str, message: str) -> Skip:
        return Skip(version.rule_id, version.version, version.beneficiary, code, message)

    promoter_id = event.promoter_for(version.beneficiary)
    if promoter_id is None:
        return skip("no_beneficiary", f"The event has no {version.beneficiary} to reward.")
    failed = _failed_condition(version, event)
    if failed is not None:
        return skip(*failed)
    if version.reward_type == "coupon":
        return skip("coupon_needs_stripe",
                    "Coupon rewards are issued through Stripe, which is not connected yet.")
    currency = event.currency or context.merchant.currency
    amount = base_amount(version.reward_type, version.reward_value,
                         order_amount=event.order_amount, currency=currency)
    multiplier = multiplier_of(promoter_id)
    amount = with_multiplier(amount, multiplier)
    if amount <= 0:
        return skip("zero_amount", "The award rounds down to nothing.")
    if amount > MAX_AWARD:
        # Far beyond any real reward, and beyond what the ledger's 64-bit sums can hold.
        return skip("amount_too_large",
                    f"The award ({amount}) exceeds the largest allowed ({MAX_AWARD}).")
    kind, unit = _kind_and_unit(version.reward_type, currency, context.merchant.currency)
    limited = apply_limits(version, promoter_id, unit, amount)
    if isinstance(limited, tuple) and isinstance(limited[0], str):
        return skip(*limited)
    amount, notes = limited
    if multiplier != BASIS_POINTS:
        notes.insert(0, f"tier x{multiplier / BASIS_POINTS:g}")
    return Award(
        rule_id=version.rule_id,
        rule_version=version.version,
        beneficiary=version.beneficiary,
        promoter_id=promoter_id,
        kind=kind,
        unit=unit,
        amount=amount,
        hold_days=(version.hold_days if version.hold_days is not None
                   else context.merchant.hold_days),
        description=_description(version, amount, unit, notes),
    )


def _failed_condition(version: RuleVersion, event: RewardEvent) -> tuple[str, str] | None:
    if version.currency and (event.currency or "").upper() != version.currency:
        return ("condition_currency",
                f"The order is in {event.currency or 'no currency'}, not {version.currency}.")
    if version.min_order_amount is not None and (event.order_amount or 0) < (
        version.min_order_amount
    ):
        return ("condition_min_order_amount",
                f"The order ({event.order_amount or 0}) is below the minimum of "
                f"{version.min_order_amount}.")
    if version.first_order_only and not event.first_order:
        return "condition_first_order", "Only a customer's first order earns this reward."
    recurring = _failed_recurring(version, event)
    if recurring is not None:
        return recurring
    if version.within_days_of_referral is not None:
        if event.referral_created_at is None:
            return "condition_referral_window", "The event has no referral to count days from."
        if event.occurred_at - event.referral_created_at > timedelta(
            days=version.within_days_of_referral
        ):
            return ("condition_referral_window",
                    f"More than {version.within_days_of_referral} days passed since the "
                    "friend signed up.")
    return None


def _failed_recurring(version: RuleVersion, event: RewardEvent) -> tuple[str, str] | None:
    """A recurring condition limits which invoices of one subscription earn; an order that is
    not a subscription invoice (a one-off purchase) is not limited by it."""
    if version.recurring_mode is None or event.first_invoice is None:
        return None
    if version.recurring_mode == "first_invoice":
        if event.first_invoice:
            return None
        return "condition_recurring", "Only a subscription's first paid invoice earns this reward."
    months = event.months_since_first_invoice or 0
    if months < version.recurring_months:
        return None
    return ("condition_recurring",
            f"The invoice is {months} months into the subscription; this reward pays for the "
            f"first {version.recurring_months}.")


def _kind_and_unit(reward_type: str, order_currency: str, merchant_currency: str
                   ) -> tuple[str, str]:
    if reward_type == "fixed_credit":
        return "credit", merchant_currency.upper()
    if reward_type == "percent_of_order":
        return "credit", order_currency.upper()
    return "points", "points"


def _apply_limits(session: Session, context: _Context, version: RuleVersion, promoter_id: str,
                  unit: str, amount: int) -> tuple[str, str] | tuple[int, list[str]]:
    mine = (Reward.merchant_id == context.event.merchant_id,
            Reward.rule_id == version.rule_id, Reward.promoter_id == promoter_id)
    for limit, window, code, label in (
        (version.per_promoter_per_day, DAY, "limit_per_day", "day"),
        (version.per_promoter_per_month, MONTH, "limit_per_month", "30 days"),
    ):
        if limit is None:
            continue
        count = session.scalar(
            select(func.count()).select_from(Reward).where(
                *mine, Reward.created_at > context.now - window, Reward.created_at <= context.now
            )
        )
        if count >= limit:
            return code, f"The promoter already earned this reward {count} times in the last " \
                         f"{label} (limit {limit})."
    notes: list[str] = []
    for cap, scope, code, label in (
        (version.lifetime_cap, mine, "lifetime_cap", "the promoter's lifetime cap"),
        (version.budget, mine[:2], "budget_exhausted", "the budget"),
    ):
        if cap is None:
            continue
        given = session.scalar(
            select(func.coalesce(func.sum(Reward.amount - Reward.refund_clawed), 0)).where(
                *scope, Reward.unit == unit
            )
        ) or 0
        left = cap - given
        if left <= 0:
            return code, f"{label.capitalize()} of {cap} is used up."
        if amount > left:
            amount = left
            notes.append(f"clipped to the {left} left of {label} of {cap}")
    return amount, notes


def _description(version: RuleVersion, amount: int, unit: str, notes: list[str]) -> str:
    text = f"{amount} {unit} from rule {version.name!r} v{version.version}"
    if notes:
        text += f" ({'; '.join(notes)})"
    return text[:DESCRIPTION_LENGTH]


def dry_run(
    session: Session,
    *,
    merchant_id: str,
    trigger: str,
    now: datetime,
    referrer: str | None = None,
    referee: str | None = None,
    customer: str | None = None,
    order_amount: int | None = None,
    currency: str | None = None,
    first_order: bool | None = None,
    referral_created_at: datetime | None = None,
    days_since_referral: int | None = None,
    first_invoice: bool | None = None,
    months_since_first_invoice: int | None = None,
) -> list[Award | Skip]:
    """What every active rule on `trigger` would do with this hypothetical event, right now,
    for these promoters (their tiers and what they already earned). Writes and locks nothing."""
    promoters = {"referrer": referrer, "referee": referee, "customer": customer}
    for beneficiary, promoter_id in promoters.items():
        if promoter_id is None:
            continue
        if beneficiary not in BENEFICIARIES_BY_TRIGGER[trigger]:
            raise RuleInvalid(f"A {trigger} event has no {beneficiary}.", param=beneficiary)
        if referral_facts().promoter_merchant(session, promoter_id=promoter_id) != merchant_id:
            raise PromoterNotFound(f"No such promoter: {promoter_id!r}", param=beneficiary)
    if trigger != "order.paid" and order_amount is not None:
        raise RuleInvalid(f"A {trigger} event has no order.", param="order_amount")
    if days_since_referral is not None:
        if referral_created_at is not None:
            raise RuleInvalid("Give referral_created_at or days_since_referral, not both.",
                              param="days_since_referral")
        referral_created_at = now - timedelta(days=days_since_referral)
    if trigger != "order.paid" and (first_invoice is not None
                                    or months_since_first_invoice is not None):
        raise RuleInvalid(f"A {trigger} event has no invoice.", param="first_invoice")
    if first_invoice and months_since_first_invoice:
        raise RuleInvalid("The first invoice is month 0 of its subscription.",
                          param="months_since_first_invoice")
    if months_since_first_invoice is not None and first_invoice is None:
        # Month 0 is the first invoice's month; a later month cannot be the first invoice.
        first_invoice = months_since_first_invoice == 0
    if first_invoice is not None and months_since_first_invoice is None:
        months_since_first_invoice = 0
    event = RewardEvent(
        trigger=trigger, merchant_id=merchant_id, occurred_at=now, cause_type="dry_run",
        cause_id="dry_run", referrer_id=referrer, referee_id=referee, customer_id=customer,
        order_amount=order_amount, currency=currency.upper() if currency else None,
        first_order=first_order, referral_created_at=referral_created_at,
        first_invoice=first_invoice, months_since_first_invoice=months_since_first_invoice,
    )
    return _verdicts(session, event=event, now=now, lock=False)
