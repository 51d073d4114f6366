"""Orders (convert, retention) and refunds: purchases earn under the rules; refunds claw back.

Attribution (which promoter a purchase is credited to) is decided by the referrals package,
which calls in here with its answer: rewards never reach back into referrals.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import Session, selectinload

from core.db import insert_unless_exists
from core.events import emit
from core.ids import new_id
from core.merchants.models import Merchant
from core.pagination import NumberedPage, numbered_page, page
from rewards.earning import service as earning
from rewards.errors import OrderConflict, OrderNotFound, OrderNotInReview, RefundExceedsOrder
from rewards.events import Award, RewardEvent, Skip
from rewards.ledger import service as ledger
from rewards.ledger.models import MERCHANT_OWNER, Reward
from rewards.ledger.service import AccountKey, Cause, Leg
from rewards.orders.models import Order, Refund

# The rules' trigger for a paid order, and for the customer's Nth order.
PAID = "order.paid"
MILESTONE = "order.milestone"


@dataclass(frozen=True)
class Invoice:
    """Where a subscription invoice falls in its subscription, for the rules' recurring choice."""

    first: bool
    months_since_first: int


@dataclass(frozen=True)
class BuyerEvidence:
    """The buyer's browser and card as the shop or Stripe saw them (hashed where personal)."""

    ip_hash: str | None = None
    network_hash: str | None = None
    user_agent: str | None = None
    device_id: str | None = None
    card_hash: str | None = None


@dataclass(frozen=True)
class Purchase:
    external_id: str
    customer_external_id: str
    amount: int
    currency: str
    customer_email: str | None = None
    invoice: Invoice | None = None  # set for a subscription's invoice, None for other orders
    # A refund of it arrived first and is applied in the same transaction: its earnings lock
    # the paid promoters' available lots before their accounts, as the refund will need them.
    refund_waiting: bool = False
    evidence: BuyerEvidence | None = None  # kept on the order


@dataclass(frozen=True)
class Credit:
    """Who the purchase is credited to, as the referrals package decided."""

    customer_promoter_id: str
    promoter_id: str | None = None
    referral_id: str | None = None
    attributed_by: str | None = None
    referral_created_at: datetime | None = None
    # Why the click, token or code sent with the order credited nobody (e.g. self_referral_email).
    attribution_refusal: str | None = None
    # The risk decision on the credit (referrals.signups.order_risk); None when not scored.
    risk_status: str | None = None
    risk_score: int | None = None
    risk_reasons: tuple[dict[str, str], ...] = ()


def find_order(session: Session, *, merchant_id: str, external_id: str) -> Order | None:
    return session.scalars(
        select(Order).where(Order.merchant_id == merchant_id, Order.external_id == external_id)
    ).one_or_none()


class Evaluate(Protocol):
    """The rules engine's signature (rewards.program.rules.evaluate)."""

    def __call__(self, session: Session, *, event: RewardEvent, now: datetime
                 ) -> list[Award | Skip]: ...


def create_order(
    session: Session,
    *,
    merchant: Merchant,
    purchase: Purchase,
    credit: Credit,
    evaluate: Evaluate,
    now: datetime,
    joined: RewardEvent | None = None,
) -> tuple[Order, bool, list[Award | Skip]]:
    """Record a paid order once (by the shop's order id) and earn what the rules award: for
    order.paid and order.milestone (the customer's Nth order), and `joined` (the buyer's
    member.joined, when this order made them a member), all granted together.

    `evaluate` is the rules engine (rewards.program.rules.evaluate), passed in so orders can be
    tested against any rule set. Returns (order, created, outcomes), `joined`'s included.
    """
    order = _new_order(merchant.id, purchase, credit, now)
    if not insert_unless_exists(session, order, {
            "earlier_merchant": merchant.id,
            "earlier_customer": purchase.customer_external_id}, first_order=_FIRST_ORDER,
            customer_order_number=_ORDER_NUMBER):
        # The same order id was recorded before, or committed while we waited on it: that one
        # is the order. (Its buyer was not new: a new buyer's order id is not taken.)
        existing = find_order(session, merchant_id=merchant.id, external_id=purchase.external_id)
        assert existing is not None  # the row whose id made the INSERT do nothing
        return same_order(existing, purchase), False, []
    event = _order_paid(merchant.id, order, purchase, credit, now)
    outcomes = evaluate(session, event=event, now=now)
    # The same order is the milestone's cause: each rule's earning key differs by the rule.
    outcomes += evaluate(session, event=replace(
        event, trigger=MILESTONE, referrer_id=None, referee_id=None,
        order_number=order.customer_order_number), now=now)
    order.verdicts = tuple(outcomes)
    welcome = evaluate(session, event=joined, now=now) if joined is not None else []
    earning.grant_all(session, merchant_id=merchant.id,
                      awards=[outcome for outcome in outcomes if isinstance(outcome, Award)],
                      cause_type="order", cause_id=order.id, order_id=order.id, now=now,
                      lock_lots=purchase.refund_waiting, others=[earning.CausedAwards(
                          joined.cause_type, joined.cause_id,
                          [outcome for outcome in welcome if isinstance(outcome, Award)])]
                      if joined is not None else ())
    return order, True, outcomes + welcome


# Whether the customer ordered before is asked by the order's INSERT itself: its caller has
# locked the customer's row, so every earlier order of theirs is committed and seen, and no other
# order of theirs can be recorded until this transaction ends. Built once (insert_unless_exists).
_FIRST_ORDER = ~exists().where(Order.merchant_id == bindparam("earlier_merchant"),
                               Order.customer_external_id == bindparam("earlier_customer"))
# And the how-manieth order of the customer it is, for order.milestone, the same way.
_ORDER_NUMBER = (select(func.count() + 1).where(
    Order.merchant_id == bindparam("earlier_merchant"),
    Order.customer_external_id == bindparam("earlier_customer")).scalar_subquery())


def _new_order(merchant_id: str, purchase: Purchase, credit: Credit, now: datetime) -> Order:
    seen = purchase.evidence or BuyerEvidence()
    return Order(
        id=new_id("ord"), merchant_id=merchant_id, external_id=purchase.external_id,
        customer_external_id=purchase.customer_external_id,
        customer_email=purchase.customer_email, amount=purchase.amount,
        currency=purchase.currency, refunded_amount=0, promoter_id=credit.promoter_id,
        referral_id=credit.referral_id, attributed_by=credit.attributed_by,
        attribution_refusal=credit.attribution_refusal, ip_hash=seen.ip_hash,
        network_hash=seen.network_hash, user_agent=seen.user_agent, device_id=seen.device_id,
        card_hash=seen.card_hash, risk_status=credit.risk_status, risk_score=credit.risk_score,
        risk_reasons=list(credit.risk_reasons) if credit.risk_status else None,
        created_at=now,
    )


def _order_paid(merchant_id: str, order: Order, purchase: Purchase, credit: Credit,
                now: datetime) -> RewardEvent:
    """What the rules are asked about a paid order."""
    return RewardEvent(
        trigger=PAID, merchant_id=merchant_id, occurred_at=now, cause_type="order",
        cause_id=order.id, referrer_id=credit.promoter_id,
        referee_id=credit.customer_promoter_id if credit.promoter_id else None,
        customer_id=credit.customer_promoter_id, order_amount=purchase.amount,
        currency=purchase.currency, first_order=order.first_order,
        referral_created_at=credit.referral_created_at,
        first_invoice=purchase.invoice.first if purchase.invoice else None,
        months_since_first_invoice=(purchase.invoice.months_since_first if purchase.invoice
                                    else None),
    )


def same_order(existing: Order, purchase: Purchase) -> Order:
    """The order already recorded under this id, if the purchase is the same one."""
    same = (existing.customer_external_id, existing.amount, existing.currency) == (
        purchase.customer_external_id, purchase.amount, purchase.currency
    )
    if not same:
        raise OrderConflict(
            f"Order {purchase.external_id!r} was already recorded with another customer, "
            "amount or currency.",
            param="external_id",
        )
    return existing


def get_order(session: Session, *, merchant_id: str, order_id: str) -> Order:
    order = session.get(Order, order_id)
    if order is None or order.merchant_id != merchant_id:
        raise OrderNotFound(f"No such order: {order_id!r}", param="id")
    return order


def list_orders(session: Session, *, merchant_id: str, limit: int,
                starting_after: str | None = None,
                ending_before: str | None = None, promoter: str | None = None,
                customer_external_id: str | None = None, created_after: datetime | None = None,
                created_before: datetime | None = None,
                external_ids: Collection[str] | None = None,
                risk_status: str | None = None) -> tuple[list[Order], bool]:
    """The merchant's orders, newest first, with their refunds and rewards (one query each
    per page); `external_ids`: only orders known by one of these ids."""
    statement = select(Order).where(Order.merchant_id == merchant_id).options(
        selectinload(Order.refunds), selectinload(Order.rewards))
    if promoter is not None:
        statement = statement.where(Order.promoter_id == promoter)
    if customer_external_id is not None:
        statement = statement.where(Order.customer_external_id == customer_external_id)
    if created_after is not None:
        statement = statement.where(Order.created_at > created_after)
    if created_before is not None:
        statement = statement.where(Order.created_at < created_before)
    if external_ids is not None:
        statement = statement.where(Order.external_id.in_(list(external_ids)))
    if risk_status is not None:
        statement = statement.where(Order.risk_status == risk_status)
    return page(session, statement, id_column=Order.id, prefix="ord", limit=limit,
                starting_after=starting_after, ending_before=ending_before)


def held_page(session: Session, *, merchant_id: str, number: int, size: int) -> NumberedPage:
    """Page `number` of the merchant's orders held for review (risk_status pending_review),
    the longest waiting first, with how many are held in all: the dashboard's review queue."""
    statement = select(Order).where(Order.merchant_id == merchant_id,
                                    Order.risk_status == "pending_review")
    return numbered_page(session, statement, order_by=(Order.created_at, Order.id),
                         number=number, size=size)


def lock_order(session: Session, *, order_id: str) -> Order | None:
    """The order's row lock, the first lock of every refund (see the lock order in ledger).

    FOR NO KEY UPDATE, not FOR UPDATE: refunds of one order still queue behind each other, but
    the foreign-key checks of rows pointing at the order (a reward lot the maturation worker
    updates) no longer wait for it. With FOR UPDATE they did, closing a cycle: the refund held
    the order and waited for the lot, the worker held the lot and waited for the order.
    """
    return session.scalars(
        select(Order).where(Order.id == order_id).with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).one_or_none()


def refund_order(
    session: Session,
    *,
    merchant_id: str,
    order_id: str,
    amount: int,
    external_id: str,
    now: datetime,
) -> tuple[Refund, bool]:
    """Refund part or all of an order once (by the shop's refund id) and claw back its rewards
    in proportion to everything refunded so far. Returns (refund, created)."""
    order = lock_order(session, order_id=order_id)
    if order is None or order.merchant_id != merchant_id:
        raise OrderNotFound(f"No such order: {order_id!r}", param="id")
    existing = session.scalars(
        select(Refund).where(Refund.order_id == order.id, Refund.external_id == external_id)
    ).one_or_none()
    if existing is not None:
        if existing.amount != amount:
            raise OrderConflict(
                f"Refund {external_id!r} was already recorded with another amount.",
                param="external_id",
            )
        return existing, False
    if order.refunded_amount + amount > order.amount:
        raise RefundExceedsOrder(
            f"Only {order.amount - order.refunded_amount} of {order.amount} is left to refund.",
            param="amount",
        )
    refund = Refund(id=new_id("rfd"), merchant_id=merchant_id, order_id=order.id,
                    external_id=external_id, amount=amount, created_at=now)
    session.add(refund)
    order.refunded_amount += amount
    lots = _lock_lots_and_accounts(session, [order])
    reversal = Reversal("refund", refund.id, order.id, f"Refund of order {order.id}")
    for lot in [lot for lot in lots if lot.order_id == order.id]:
        owed = lot.amount * order.refunded_amount // order.amount - lot.refund_clawed
        if owed > 0:
            _claw_back(session, lot=lot, amount=owed, lots=lots, reversal=reversal, now=now)
    session.flush()
    return refund, True


# A rejected credit takes back what the order paid for the referral; the buyer's own points
# for buying (beneficiary "customer") stay, as they would for an order nobody referred.
REFERRAL_BENEFICIARIES = ("referrer", "referee")


def decide_credit(session: Session, *, merchant_id: str, order_ids: Collection[str],
                  approve: bool, reason: dict[str, str], now: datetime,
                  only_held: bool = False) -> list[Order]:
    """Approve or reject the promoter's credit on orders (locked in id order, as refunds lock
    them). Approving releases a held order: its rewards mature when their hold ends. Rejecting
    takes back its referral rewards through the refunds' clawback: pending first, then what
    they made available, then the promoter's other available points, and the rest as debt.
    An order already rejected is left as it is; `only_held`: so is an approved one."""
    orders = list(session.scalars(
        select(Order).where(Order.id.in_(sorted(order_ids)), Order.merchant_id == merchant_id)
        .order_by(Order.id).with_for_update(key_share=True)
        .execution_options(populate_existing=True)))
    open_statuses = ("pending_review",) if approve or only_held else (
        "pending_review", "approved")
    orders = [order for order in orders if order.risk_status in open_statuses]
    if not approve:
        lots = _lock_lots_and_accounts(session, orders)
        for order in orders:
            reversal = Reversal("order", order.id, order.id,
                                f"Referral credit of order {order.id} rejected")
            for lot in lots:
                owed = lot.amount - lot.refund_clawed
                if (lot.order_id == order.id and lot.beneficiary in REFERRAL_BENEFICIARIES
                        and owed > 0):
                    _claw_back(session, lot=lot, amount=owed, lots=lots, reversal=reversal,
                               now=now)
    for order in orders:
        order.risk_status = "approved" if approve else "rejected"
        order.risk_reasons = [*(order.risk_reasons or []), reason]
        order.risk_decided_at = now
    session.flush()
    return orders


def decide_order(session: Session, *, merchant_id: str, order_id: str, approve: bool,
                 reason: dict[str, str], now: datetime, revoke: bool = False) -> Order:
    """The merchant's verdict on one order's credit: approve or reject one held for review, or
    (`revoke`) reject one approved before. Its referral rewards are then clawed back. Read
    again under the order's lock: of two people deciding at once, the second is told."""
    order = get_order(session, merchant_id=merchant_id, order_id=order_id)
    decided = decide_credit(session, merchant_id=merchant_id, order_ids=[order.id],
                            approve=approve, reason=reason, now=now,
                            only_held=not revoke)
    if not decided:
        raise OrderNotInReview(
            f"The order's credit is {order.risk_status or 'not scored'}; only an order held "
            "for review can be decided (an approved one can be rejected with revoke).")
    return decided[0]


@dataclass(frozen=True)
class Reversal:
    """Why rewards of an order are clawed back: a refund of it, or its credit rejected."""

    cause_type: str  # "refund" or "order"
    cause_id: str
    order_id: str
    description: str


def _lock_lots_and_accounts(session: Session, orders: Sequence[Order]) -> list[Reward]:
    """The orders' lots and every available lot of the promoters they paid, in one statement
    by id, then every account the clawback may post to, in one statement (see ledger)."""
    if not orders:
        return []
    order_ids = sorted(order.id for order in orders)
    paid = select(Reward.promoter_id).where(Reward.order_id.in_(order_ids)).scalar_subquery()
    lots = list(session.scalars(
        select(Reward)
        .where((Reward.order_id.in_(order_ids))
               | (Reward.promoter_id.in_(paid) & (Reward.available > 0)))
        .order_by(Reward.id)
        .with_for_update()
    ))
    keys: set[AccountKey] = set()
    for lot in lots:
        if lot.order_id in order_ids:
            keys.update((lot.promoter_id, kind, lot.unit) for kind in ("pending", "available",
                                                                        "debt"))
            keys.add((MERCHANT_OWNER, "clawed_back", lot.unit))
    if keys:
        ledger.lock_accounts(session, merchant_id=orders[0].merchant_id, keys=keys)
    return lots


def _claw_back(session: Session, *, lot: Reward, amount: int, lots: list[Reward],
               reversal: Reversal, now: datetime) -> None:
    """Take `amount` back: from the lot while it is pending, then from what the lot made
    available, then from the promoter's other available points (oldest first), and whatever is
    still missing becomes debt that future earnings repay. Pending goes first so a promoter
    never sees available points vanish for an order that is still in its hold period."""
    from_pending = min(lot.pending, amount)
    from_lot_available = min(lot.available, amount - from_pending)
    lot.pending -= from_pending
    lot.available -= from_lot_available
    lot.clawed_back += from_pending + from_lot_available
    missing = amount - from_pending - from_lot_available
    from_other = 0
    if missing:
        others = [
            other for other in lots
            if other.promoter_id == lot.promoter_id and other.unit == lot.unit
            and other.available > 0 and other.id != lot.id
        ]
        for other in others:
            take = min(other.available, missing - from_other)
            other.available -= take
            other.clawed_back += take
            if other.available == 0 and other.pending == 0:
                other.status = "settled"
            from_other += take
            if from_other == missing:
                break
    into_debt = missing - from_other
    lot.refund_clawed += amount
    if lot.pending == 0 and lot.available == 0:
        lot.status = "settled"
    ledger.post(
        session,
        merchant_id=lot.merchant_id,
        kind="clawback",
        unit=lot.unit,
        key=f"clawback:{reversal.cause_id}:{lot.id}",
        legs=[
            Leg(lot.promoter_id, "pending", -from_pending),
            Leg(lot.promoter_id, "available", -(from_lot_available + from_other)),
            Leg(lot.promoter_id, "debt", -into_debt),
            Leg(MERCHANT_OWNER, "clawed_back", amount),
        ],
        cause=Cause(reversal.cause_type, reversal.cause_id, lot.rule_id, lot.rule_version,
                    lot.id),
        description=f"{reversal.description}: {amount} clawed back"
        + (f", {into_debt} owed" if into_debt else ""),
        now=now,
        promoter_id=lot.promoter_id,
    )
    emit(session, merchant_id=lot.merchant_id, type="reward.clawed_back", now=now, data={
        "reward": lot.id, "promoter": lot.promoter_id, "unit": lot.unit, "amount": amount,
        "owed": into_debt, "order": reversal.order_id,
        "refund": reversal.cause_id if reversal.cause_type == "refund" else None,
        "reason": "refund" if reversal.cause_type == "refund" else "credit_rejected",
    })
