"""Stripe refunds clawing back orders: charge.refunded events, applied once, in any order.

Stripe reports each charge's cumulative `amount_refunded`, and one payment intent may have
several charges, so what is new is counted per charge: the event's total minus the largest total
already applied for that charge. A refund whose order is not known yet (its payment event is
late, or the shop has not posted the order) is kept and applied when the order arrives.

A refund claws back its share of the charge: Stripe may charge in another currency than the
order's (local-currency pricing), so 9,200 of a 9,200 EUR-cent charge is all of a $100 order.

Every path that records or links an order for a payment intent, and every refund of it, first
takes one lock on (merchant, payment intent) and holds it until it commits (`lock_payments`):
a refund arriving while the order is recorded waits and then finds it, and an order recorded
while a refund is kept finds that refund waiting. Without it each could miss the other, and the
refund would stay refund_deferred with nothing left to apply it.
"""

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.advisory_locks import lock_keys
from core.errors import Conflict
from core.merchants.models import Merchant
from referrals.stripe import subscriptions as stripe_subscriptions
from referrals.stripe.models import StripeEvent
from rewards.orders import service as orders
from rewards.orders.models import Order

log = logging.getLogger(__name__)

APPLIED = ("refund_applied", "refund_applied_late")


class PaymentIntentInUse(Conflict):
    code = "stripe_payment_intent_in_use"


def lock_payments(session: Session, *, merchant_id: str, references: Iterable[str]) -> None:
    """Hold the lock on each of the merchant's Stripe payments (payment intent ids) until the
    transaction ends; taken before any row lock (see rewards.ledger.service)."""
    lock_keys(session, [f"stripe-payment:{merchant_id}:{reference}" for reference in references])


def charge_refunded(session: Session, *, merchant: Merchant, record: StripeEvent, charge_id: str,
                    payment_intent: str | None, charge_amount: int, charge_currency: str,
                    refunded_total: int, refund_external_id: str, now: datetime) -> str:
    """Record a charge.refunded event on `record` and claw back what is new, if its order is
    known; otherwise keep it for the order (outcome refund_deferred)."""
    record.charge_id = charge_id[:255]
    record.payment_reference = (payment_intent or charge_id)[:255]
    record.charge_amount = charge_amount
    record.charge_currency = charge_currency.upper()[:3] or None
    record.refunded_total = refunded_total
    record.refund_external_id = refund_external_id[:255]
    lock_payments(session, merchant_id=merchant.id, references=[record.payment_reference])
    order = stripe_subscriptions.order_paid_by(session, merchant_id=merchant.id,
                                               reference=record.payment_reference)
    if order is None:
        log.info("stripe refund for %s arrived before its payment; kept for it",
                 record.payment_reference)
        return "refund_deferred"
    return _apply(session, merchant, order, record, now=now)


def apply_waiting_refunds(session: Session, *, merchant: Merchant, order: Order,
                          now: datetime) -> None:
    """Apply the refunds that arrived before this order: per charge, the largest cumulative
    total covers every smaller one before it."""
    waiting = session.scalars(
        _waiting(session, merchant.id, order.external_id)
        .order_by(StripeEvent.refunded_total.desc(), StripeEvent.id)
    ).all()
    largest: dict[str, StripeEvent] = {}
    for record in waiting:
        largest.setdefault(record.charge_id or record.payment_reference, record)
    for record in largest.values():
        _apply(session, merchant, order, record, now=now)
    for record in waiting:
        record.outcome = "refund_applied_late"
    session.flush()


def refund_waiting(session: Session, *, merchant_id: str, order_reference: str,
                   payment_intent: str | None = None) -> bool:
    """Whether a refund is kept for the order `order_reference` names (or `payment_intent`):
    then the order is recorded with Purchase.refund_waiting, to keep the lock order."""
    statement = _waiting(session, merchant_id, order_reference, payment_intent)
    return session.execute(statement.limit(1)).first() is not None


def _waiting(session: Session, merchant_id: str, *order_references: str | None):
    references = [reference for order_reference in order_references if order_reference
                  for reference in stripe_subscriptions.payment_references(
                      session, merchant_id=merchant_id, order_reference=order_reference)]
    return select(StripeEvent).where(StripeEvent.merchant_id == merchant_id,
                                     StripeEvent.payment_reference.in_(references),
                                     StripeEvent.outcome == "refund_deferred")


def claim_order_payment(session: Session, *, merchant_id: str, order_reference: str,
                        payment_intent: str, now: datetime) -> None:
    """The shop says `payment_intent` paid its order `order_reference`: claim it before the
    order is recorded, so a Stripe event for the same payment at the same moment either waits
    and finds this order, or has recorded its own and this one is refused."""
    lock_payments(session, merchant_id=merchant_id, references=[payment_intent])
    stripe_subscriptions.claim_payment(session, merchant_id=merchant_id,
                                       payment_intent=payment_intent,
                                       order_reference=order_reference, now=now)
    paid = stripe_subscriptions.order_paid_by(session, merchant_id=merchant_id,
                                              reference=payment_intent)
    if paid is not None and paid.external_id != order_reference:
        raise PaymentIntentInUse(
            f"{payment_intent} already paid order {paid.id}.", param="stripe_payment_intent")


def _apply(session, merchant, order: Order, record: StripeEvent, *, now) -> str:
    """Read under the order's row lock, the first lock of every money path (see
    rewards.ledger.service), so two refund events at once cannot both add the same amount."""
    locked = orders.lock_order(session, order_id=order.id)
    already = 0
    if record.charge_id is not None:
        already = session.scalar(
            select(func.coalesce(func.max(StripeEvent.refunded_total), 0)).where(
                StripeEvent.merchant_id == merchant.id,
                StripeEvent.charge_id == record.charge_id,
                StripeEvent.outcome.in_(APPLIED),
                StripeEvent.id != record.id,
            )
        ) or 0
    increase = min(_share_of_order(locked, record, record.refunded_total)
                   - _share_of_order(locked, record, already),
                   locked.amount - locked.refunded_amount)
    if increase <= 0:
        return "refund_already_applied"
    orders.refund_order(session, merchant_id=merchant.id, order_id=locked.id, amount=increase,
                        external_id=record.refund_external_id, now=now)
    return "refund_applied"


def _share_of_order(order: Order, record: StripeEvent, charge_refunded: int) -> int:
    """What `charge_refunded` of the record's charge is of the order, in the order's currency:
    the same number in the same currency, else the same fraction, rounded down so a partial
    refund never claws back more than its share and all of the charge is all of the order."""
    if (not record.charge_amount or record.charge_currency is None
            or record.charge_currency == order.currency.upper()):
        return charge_refunded
    return order.amount * charge_refunded // record.charge_amount
