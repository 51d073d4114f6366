"""Evaluating a merchant's rules against an event: what each rule awards, or why it does not.

Amounts are integers and every division rounds down, so a promoter is never paid a fraction the
merchant did not promise:
- fixed_points: `value` points.
- points_per_currency_unit: `value` points per whole major unit of the order (1 point per $1 on
  an order of 2599 cents is 25 points); the currency's minor units decide what a major unit is.
- percent_of_order: store credit of `value` basis points of the order (1000 is 10%: 2599 cents
  gives 259 cents), issued in the merchant's currency.
- fixed_credit: `value` minor units of store credit in the merchant's currency.
- coupon: never an award here. Coupons are created in Stripe by the gateway, so the rule answers
  a Skip with the code `coupon_needs_stripe` until that exists.
The beneficiary's tier multiplier (basis points) applies to the amount last, rounding down too.

A rule that pays by amount or has a min_order_amount counts in one currency, its own `currency`
or else the merchant's (`rule_currency`): its amounts are minor units of it. An order in another
currency counts only through the exchange rates the merchant set (core.merchants.exchange_rates),
converted and rounded down before anything else; without a rate the rule skips the order
(`currency_no_rate`), since 2,500,000 VND is not 2,500,000 dollars. Store credit reckoned in
another currency is converted to the merchant's the same way. Descriptions say the rate used.

Limits read the `rewards` lots the rule already produced. Counts (per day: the last 24 hours,
per month: the last 30 days) include clawed-back awards, so buying and refunding cannot recycle
a daily allowance. Lifetime caps and budgets count what was really given, amount minus
clawed_back: a refund's clawback frees that part of the cap and the budget again. A cap or
budget that has only part of an award left pays that part and says so, instead of nothing.

A share rule pays a promoter at most once per channel in `per_channel_days` (default 1: a day
is the last 24 hours), since a share is a button press nobody can verify; the share itself is
still recorded. Every award is capped at the merchant owners' guardrails
(rewards/program/guardrails.py) and held at least their shortest hold, even under a rule saved
before they were lowered; and what one event pays one promoter per unit, all rules together, is
capped at them too.

`evaluate` writes nothing. It locks the rows of the rules that have limits until the caller
commits, so two orders at once cannot both take the last of a budget, and the rows of the
promoters it pays FOR KEY SHARE (rewards/earning/standing.py), so a block waits for it.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from fractions import Fraction
from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from core.currencies import convert, format_money, minor_units
from core.db import transaction_memo
from core.events import service as events
from core.merchants import exchange_rates
from core.merchants.models import Merchant
from rewards.earning import standing
from rewards.errors import PromoterNotFound, RuleInvalid
from rewards.events import Award, RewardEvent, Skip
from rewards.ledger.models import Reward
from rewards.ports import referral_facts
from rewards.program import guardrails, rule_cache, tiers
from rewards.program.models import Rule, RuleVersion
from rewards.program.rule_definitions import (
    BENEFICIARIES_BY_TRIGGER,
    CURRENT_VERSIONS,
    ORDER_REWARD_TYPES,
    SHARE_CHANNEL_DAYS,
)

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


# The rules, whether the merchant has a tier ladder and whether it has a webhook endpoint, in
# one statement: a merchant without tiers then costs no read of them (the multiplier and the
# re-evaluation read none), one without endpoints no read of them for the reward events. With
# the rules' stamp, under which this process keeps them (rewards.program.rule_cache).
_RULES_AND_LADDER = CURRENT_VERSIONS.add_columns(tiers.LADDER_EXISTS, events.ENDPOINTS_EXIST,
                                                 rule_cache.STAMP)


def _current_versions(session: Session, merchant_id: str, trigger: str, *, keep: bool
                      ) -> Sequence[RuleVersion]:
    """The rules this process kept, when the stamp noted in this transaction says they still
    hold; else read. `keep`: an earning's read, kept for the next. A dry run's is never kept:
    the rule editor previews a change inside a transaction it rolls back, and rules read there
    were never committed (a later real change would bring the stamp to theirs)."""
    versions = rule_cache.kept(session, merchant_id=merchant_id, trigger=trigger)
    if versions is not None:
        return versions
    rows = session.execute(_RULES_AND_LADDER, {"merchant": merchant_id, "trigger": trigger}
                           ).all()
    tiers.note_ladder(session, merchant_id=merchant_id, found=rows[0][1] if rows else None)
    events.note_endpoints(session, merchant_id=merchant_id, found=rows[0][2] if rows else None)
    if not rows:
        # No rule listens: kept as such under the stamp this transaction noted (an earning's),
        # so an order pays nothing for triggers its merchant has no rule on (order.milestone).
        noted = transaction_memo(session).get((_HELD, merchant_id)) is not None
        if keep and noted:
            stamp = rule_cache.noted_stamp(session, merchant_id=merchant_id)
            assert stamp is not None  # noted with the merchant's row (_merchant_held)
            return rule_cache.keep(merchant_id=merchant_id, trigger=trigger, stamp=stamp,
                                   versions=[])
        return []
    if not keep:
        return [row[0] for row in rows]
    return rule_cache.keep(merchant_id=merchant_id, trigger=trigger, stamp=rows[0][3],
                           versions=[row[0] for row in rows])


# The merchant, and what its program is as of now: the rules' stamp (rewards.program.rule_cache),
# whether it has a tier ladder and a webhook endpoint. Read by an earning after every lock its
# transaction waited for (the buyer's), so a change committed meanwhile is seen.
_MERCHANT_HELD = (select(Merchant, rule_cache.STAMP, tiers.LADDER_EXISTS, events.ENDPOINTS_EXIST)
                  .where(Merchant.id == bindparam("merchant"))
                  .with_for_update(key_share=True, of=Merchant)
                  .execution_options(populate_existing=True))


_HELD = "rules: merchant held"


def _merchant_held(session: Session, merchant_id: str) -> Merchant:
    """The merchant read again, and held FOR KEY SHARE until the commit, when an event earns (a
    dry run decides nothing): a change of the merchant's currency takes the row FOR UPDATE, so it
    waits for this earning and sees what it issued, or this earning counts in the new one.

    Read once per transaction: a use case that earns on several events (an order and its
    milestone, a new member's welcome with their first order) judges them all by the program
    as it stood at the first, which its lock keeps, and pays no second read for it."""
    memo = transaction_memo(session)
    held: Merchant | None = memo.get((_HELD, merchant_id))
    if held is not None:
        return held
    merchant: Merchant
    merchant, stamp, ladder, endpoints = session.execute(
        _MERCHANT_HELD, {"merchant": merchant_id}).one()
    rule_cache.note_stamp(session, merchant_id=merchant_id, stamp=stamp)
    tiers.note_ladder(session, merchant_id=merchant_id, found=ladder)
    events.note_endpoints(session, merchant_id=merchant_id, found=endpoints)
    memo[_HELD, merchant_id] = merchant
    return merchant


def evaluate(session: Session, *, event: RewardEvent, now: datetime) -> list[Award | Skip]:
    """Each active rule on the event's trigger, at its current version: an Award or a Skip."""
    return _verdicts(session, event=event, now=now, lock=True)


@dataclass(frozen=True)
class _Context:
    merchant: Merchant
    event: RewardEvent
    now: datetime
    # The merchant's exchange rate between two currencies, or None (see exchange_rates).
    rate: Callable[[str, str], Fraction | None]
    # The event's promoters who may not earn (rewards.earning.standing), by id.
    refused: dict[str, standing.Refusal]


def _verdicts(session: Session, *, event: RewardEvent, now: datetime, lock: bool
              ) -> list[Award | Skip]:
    if lock:
        merchant = _merchant_held(session, event.merchant_id)
    else:
        merchant = session.get_one(Merchant, event.merchant_id)
    versions = _current_versions(session, event.merchant_id, event.trigger, keep=lock)
    # Every share rule has its per-channel limit, so every one is locked like a limited rule.
    limited = sorted(version.rule_id for version in versions
                     if _has_limits(version) or event.trigger == "share.created")
    if lock and limited:
        # Locked in id order, the same order for every caller, so two events never deadlock;
        # NO KEY UPDATE, so lots pointing at the rule never wait for it (see orders.lock_order).
        session.scalars(
            select(Rule.id).where(Rule.id.in_(limited)).order_by(Rule.id)
            .with_for_update(key_share=True)
        ).all()
    # Locked like the rules (a dry run decides nothing): a block waits for this event.
    refused = standing.refusals(session, promoter_ids={
        promoter_id for version in versions
        if (promoter_id := event.promoter_for(version.beneficiary)) is not None}, lock=lock)
    @cache  # read only for an order in another currency than a rule's, once per pair
    def rate(from_code: str, to_code: str) -> Fraction | None:
        return exchange_rates.rate_between(session, merchant=merchant, from_code=from_code,
                                           to_code=to_code)

    context = _Context(merchant, event, now, rate, refused)

    def multiplier_of(promoter_id: str) -> int:
        return tiers.multiplier_for(session, merchant_id=event.merchant_id,
                                    promoter_id=promoter_id)

    def apply_limits(version: RuleVersion, promoter_id: str, unit: str, amount: int
                     ) -> tuple[str, str] | tuple[int, list[str]]:
        return _apply_limits(session, context, version, promoter_id, unit, amount)

    verdicts = [_verdict(context, version, multiplier_of, apply_limits) for version in versions]
    return _within_guardrails(merchant, versions, verdicts)


def _within_guardrails(merchant: Merchant, versions: Sequence[RuleVersion],
                       verdicts: list[Award | Skip]) -> list[Award | Skip]:
    """The event's awards with each promoter's total per unit capped at the owners' guardrail.

    The guardrail is the most one award may pay, and to the promoter one event is one award:
    ten rules at the ceiling must not pay ten times it. Awards are taken in rule id order, so
    the same rules always fill the allowance first; a later award is clipped to what is left
    and says so, and one left with nothing is a Skip that says why."""
    paid: dict[tuple[str, str], int] = {}
    kept = list(verdicts)
    for index in sorted(range(len(versions)), key=lambda i: versions[i].rule_id):
        award, version = verdicts[index], versions[index]
        if not isinstance(award, Award):
            continue
        key = (award.promoter_id, award.unit)
        name, most = guardrails.ceiling(merchant, award.kind)
        left = most - paid.get(key, 0)
        if left <= 0:
            kept[index] = Skip(
                award.rule_id, award.rule_version, award.beneficiary, "guardrail_per_event",
                f"Rules before this one already paid this event the merchant's {name} of "
                f"{amount_text(most, award.unit)} for this promoter, the most one event may "
                f"pay. {guardrails.SETTINGS_HINT}")
            continue
        if award.amount > left:
            note = (f"clipped to the {amount_text(left, award.unit)} left of the merchant's "
                    f"{name} for one event")
            award = replace(award, amount=left, description=_renoted(version, award, left, note))
            kept[index] = award
        paid[key] = paid.get(key, 0) + award.amount
    return kept


def _renoted(version: RuleVersion, award: Award, amount: int, note: str) -> str:
    """`award`'s description for `amount` instead, with `note` before its other notes."""
    before = f"{amount_text(award.amount, award.unit)} from rule {version.name!r} " \
             f"v{version.version}"
    others = award.description[len(before):].strip().removeprefix("(").removesuffix(")")
    return _description(version, amount, award.unit, [note, others] if others else [note])


def _has_limits(version: RuleVersion) -> bool:
    return any(
        getattr(version, name) is not None
        for name in ("per_promoter_per_day", "per_promoter_per_month", "per_promoter_lifetime",
                     "lifetime_cap", "budget")
    )


def _verdict(context: _Context, version: RuleVersion, multiplier_of: Callable[[str], int],
             apply_limits: Callable[[RuleVersion, str, str, int],
                                    tuple[str, str] | tuple[int, list[str]]]
             ) -> Award | Skip:
    """One rule's verdict. `multiplier_of(promoter_id)` is the promoter's tier multiplier;
    `apply_limits(version, promoter_id, unit, amount)` applies the rule's limits."""
    event = context.event

    def skip(code: str, message: str) -> Skip:
        return Skip(version.rule_id, version.version, version.beneficiary, code, message)

    promoter_id = event.promoter_for(version.beneficiary)
    if promoter_id is None:
        return skip("no_beneficiary", f"The event has no {version.beneficiary} to reward.")
    # Each side on its own: the friend of a blocked referrer still earns the friend's half.
    refusal = context.refused.get(promoter_id)
    if refusal is not None:
        return skip(refusal.code, refusal.message)
    order = _order_in_rule_currency(context, version)
    if isinstance(order, tuple):
        return skip(*order)
    failed = _failed_condition(version, event, order.amount, order.currency)
    if failed is not None:
        return skip(*failed)
    if version.reward_type == "coupon":
        return skip("coupon_needs_stripe",
                    "Coupon rewards are issued through Stripe, which is not connected yet.")
    amount = base_amount(version.reward_type, version.reward_value,
                         order_amount=order.amount, currency=order.currency)
    notes = [order.note] if order.note else []
    kind, unit = _kind_and_unit(version.reward_type, context.merchant.currency)
    if version.reward_type == "percent_of_order" and unit != order.currency:
        # Store credit is spent at the merchant's checkout, so it is issued in their currency.
        credit = _converted(context, amount, order.currency, unit)
        if isinstance(credit, tuple):
            return skip(*credit)
        amount = credit.amount
        assert credit.note is not None  # _converted always says at what rate
        notes.append(credit.note)
    multiplier = multiplier_of(promoter_id)
    amount = with_multiplier(amount, multiplier)
    if amount <= 0:
        return skip("zero_amount", "The award rounds down to nothing.")
    if amount > MAX_AWARD:
        # Far beyond any real reward, and beyond what the ledger's 64-bit sums can hold.
        return skip("amount_too_large",
                    f"The award ({amount}) exceeds the largest allowed ({MAX_AWARD}).")
    amount, over_guardrail = guardrails.capped(context.merchant, kind=kind, amount=amount)
    limited = apply_limits(version, promoter_id, unit, amount)
    if isinstance(limited, tuple) and isinstance(limited[0], str):
        return skip(*limited)
    amount, limit_notes = limited
    if over_guardrail:
        notes.append(over_guardrail)
    if multiplier != BASIS_POINTS:
        notes.append(f"tier x{multiplier / BASIS_POINTS:g}")
    notes += limit_notes
    return Award(
        rule_id=version.rule_id,
        rule_version=version.version,
        beneficiary=version.beneficiary,
        promoter_id=promoter_id,
        kind=kind,
        unit=unit,
        amount=amount,
        hold_days=guardrails.hold_days(context.merchant, version.hold_days),
        description=_description(version, amount, unit, notes),
    )


def rule_currency(version: RuleVersion, merchant_currency: str) -> str | None:
    """The currency a rule counts in: its own, else the merchant's when it pays by amount or has
    a minimum order; None when it counts no amount (a fixed reward with no minimum)."""
    if version.currency:
        return version.currency.upper()
    if version.reward_type in ORDER_REWARD_TYPES or version.min_order_amount is not None:
        return merchant_currency.upper()
    return None


@dataclass(frozen=True)
class _Money:
    """An amount in minor units of `currency`, and how it was converted (None: it was not)."""

    amount: int
    currency: str
    note: str | None = None


def _order_in_rule_currency(context: _Context, version: RuleVersion
                            ) -> _Money | tuple[str, str]:
    """The event's order amount in the rule's currency (`rule_currency`); an event without one
    (a dry run) is taken to be in the merchant's currency."""
    event = context.event
    currency = (event.currency or context.merchant.currency).upper()
    wanted = rule_currency(version, context.merchant.currency)
    if wanted is None or wanted == currency:
        return _Money(event.order_amount or 0, currency)
    return _converted(context, event.order_amount or 0, currency, wanted)


def _converted(context: _Context, amount: int, from_code: str, to_code: str
               ) -> _Money | tuple[str, str]:
    """`amount` of `from_code` in `to_code` at the merchant's rate, rounded down; the skip's
    (code, message) when the merchant set no rate for it."""
    rate = context.rate(from_code, to_code)
    if rate is None:
        return ("currency_no_rate",
                f"This rule counts {to_code}; {from_code} counts only through an exchange "
                f"rate to {to_code}, and none is set (POST /v1/exchange_rates).")
    converted = convert(amount, rate=rate, from_code=from_code, to_code=to_code)
    return _Money(converted, to_code, f"{format_money(amount, from_code)} at "
                  f"{exchange_rates.rate_text(rate)} {to_code} per {from_code}")


def _failed_condition(version: RuleVersion, event: RewardEvent, order_amount: int,
                      currency: str) -> tuple[str, str] | None:
    """`order_amount`: the order in the rule's `currency` (see _order_in_rule_currency)."""
    if version.min_order_amount is not None and order_amount < version.min_order_amount:
        return ("condition_min_order_amount",
                f"The order ({format_money(order_amount, currency)}) is below the minimum of "
                f"{format_money(version.min_order_amount, currency)}.")
    if version.first_order_only and not event.first_order:
        return "condition_first_order", "Only a customer's first order earns this reward."
    occasion = _failed_occasion(version, event)
    if occasion is not None:
        return occasion
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


def _failed_occasion(version: RuleVersion, event: RewardEvent) -> tuple[str, str] | None:
    """The loyalty triggers' own setting: the Nth order, the Nth anniversary, the activity type."""
    if version.nth is not None and event.order_number != version.nth:
        return ("condition_nth_order",
                f"This rule pays for a customer's order number {version.nth}; this is "
                f"{'not known' if event.order_number is None else event.order_number}.")
    if version.years is not None and event.years != version.years:
        return ("condition_years",
                f"This rule pays on the {version.years}-year anniversary; this is "
                f"{'not known' if event.years is None else event.years}.")
    if version.activity_type is not None and event.activity_type != version.activity_type:
        return ("condition_activity_type",
                f"This rule pays for {version.activity_type!r} activities, not "
                f"{event.activity_type!r}.")
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
    assert version.recurring_months is not None  # the CHECK: mode "months" has its months
    if months < version.recurring_months:
        return None
    return ("condition_recurring",
            f"The invoice is {months} months into the subscription; this reward pays for the "
            f"first {version.recurring_months}.")


def _kind_and_unit(reward_type: str, merchant_currency: str) -> tuple[str, str]:
    if reward_type in ("fixed_credit", "percent_of_order"):
        return "credit", merchant_currency.upper()
    return "points", "points"


def _apply_limits(session: Session, context: _Context, version: RuleVersion, promoter_id: str,
                  unit: str, amount: int) -> tuple[str, str] | tuple[int, list[str]]:
    shared = _shared_in_window(session, context, version, promoter_id)
    if shared is not None:
        return shared
    if not _has_limits(version):  # nothing to count: no query built for it
        return amount, []
    mine = (Reward.merchant_id == context.event.merchant_id,
            Reward.rule_id == version.rule_id, Reward.promoter_id == promoter_id)
    for limit, window, code, label in (
        (version.per_promoter_per_day, DAY, "limit_per_day", "in the last day"),
        (version.per_promoter_per_month, MONTH, "limit_per_month", "in the last 30 days"),
        (version.per_promoter_lifetime, None, "limit_lifetime", "ever"),
    ):
        if limit is None:
            continue
        since = () if window is None else (Reward.created_at > context.now - window,)
        count = session.execute(
            select(func.count()).select_from(Reward).where(
                *mine, *since, Reward.created_at <= context.now
            )
        ).scalar_one()
        if count >= limit:
            return code, f"The promoter already earned this reward {count} times {label} " \
                         f"(limit {limit})."
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


def _shared_in_window(session: Session, context: _Context, version: RuleVersion,
                      promoter_id: str) -> tuple[str, str] | None:
    """A Skip's code and message when the promoter's share through this channel was already
    rewarded by this rule within its window; a share rule saved before the limit existed has
    the default window."""
    event = context.event
    if event.trigger != "share.created" or event.channel is None:
        return None
    days = version.per_channel_days or SHARE_CHANNEL_DAYS
    paid = referral_facts().rewarded_shares(
        session, merchant_id=event.merchant_id, rule_id=version.rule_id,
        promoter_id=promoter_id, channel=event.channel, since=context.now - days * DAY,
        until=context.now)
    if paid == 0:
        return None
    window = "day" if days == 1 else f"{days} days"
    return ("limit_per_channel",
            f"A share through {event.channel} already earned this reward in the last {window}.")


def amount_text(amount: int, unit: str) -> str:
    """An award as a person reads it: "250 points", or store credit as money ("$5.00")."""
    return f"{amount:,} points" if unit == "points" else format_money(amount, unit)


def _description(version: RuleVersion, amount: int, unit: str, notes: list[str]) -> str:
    text = f"{amount_text(amount, unit)} from rule {version.name!r} v{version.version}"
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
    order_number: int | None = None,
    years: int | None = None,
    activity_type: str | None = None,
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
        order_number=order_number, years=years, activity_type=activity_type,
    )
    return _verdicts(session, event=event, now=now, lock=False)
