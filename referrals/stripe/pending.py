"""Stripe payments bought but not yet paid: delayed methods (SEPA Direct Debit, ACH, Boleto).

Checkout completes such a session with `payment_status: unpaid` and settles it days later
(`checkout.session.async_payment_succeeded`, or `..._failed`); a payment intent outside Checkout
is `processing` first. The referral evidence is kept at the purchase, under a unique
(merchant, reference), so whichever settling event arrives first finds it and credits the order
as it would have been credited at the purchase; a failed payment closes it and earns nothing.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from referrals.stripe.models import StripePendingPayment

EVIDENCE = ("click_id", "token", "code", "promotion_code_id")


@dataclass(frozen=True)
class Purchase:
    """What the settling event may lack: the evidence, the customer, and when they bought."""

    hints: dict[str, Any]
    customer: str | None
    started_at: datetime


def keep(session: Session, *, merchant_id: str, reference: str, hints: dict[str, Any],
         customer: str | None, now: datetime, checkout_session: str | None = None) -> str:
    """Keep a purchase waiting for its money; returns the outcome for the event's record.

    Kept once per payment: a second sight (the payment intent's `processing` after its Checkout
    Session, or a redelivery under a new event id) only adds evidence the first lacked, and the
    purchase's time stays the first."""
    evidence = {name: hints.get(name) for name in EVIDENCE if hints.get(name)}
    customer = customer[:255] if customer else None
    checkout_session = checkout_session[:255] if checkout_session else None
    row = _find(session, merchant_id, reference)
    if row is None:
        row = StripePendingPayment(merchant_id=merchant_id, reference=reference[:255],
                                   checkout_session=checkout_session, customer=customer,
                                   status="pending", started_at=now, **evidence)
        try:
            with session.begin_nested():
                session.add(row)
            return "payment_pending"
        except IntegrityError:  # kept concurrently by the other event of this purchase
            found = _find(session, merchant_id, reference, lock=True)
            assert found is not None  # the row the insert collided with
            row = found
    if row.status != "pending":
        return f"payment_already_{row.status}"
    for name, value in evidence.items():
        if getattr(row, name) is None:
            setattr(row, name, value)
    row.customer = row.customer or customer
    row.checkout_session = row.checkout_session or checkout_session
    return "payment_pending"


def purchase(session: Session, *, merchant_id: str, reference: str) -> Purchase | None:
    """The purchase kept for this payment while it waits, if any."""
    row = _find(session, merchant_id, reference)
    if row is None or row.status != "pending":
        return None
    return Purchase(hints={name: getattr(row, name) for name in EVIDENCE if getattr(row, name)},
                    customer=row.customer, started_at=row.started_at)


def close(session: Session, *, merchant_id: str, reference: str, status: str,
          now: datetime) -> bool:
    """Mark the payment paid or failed and forget its evidence; False if it was not waiting
    (never kept, or closed already)."""
    closed: CursorResult[Any] = session.execute(  # type: ignore[assignment]  # an UPDATE
        update(StripePendingPayment)
        .where(StripePendingPayment.merchant_id == merchant_id,
               StripePendingPayment.reference == reference,
               StripePendingPayment.status == "pending")
        .values(status=status, closed_at=now, click_id=None, token=None, code=None,
                promotion_code_id=None)
        .execution_options(synchronize_session=False))
    return closed.rowcount > 0


def forget_code(session: Session, *, merchant_id: str, typed: set[str]) -> None:
    """An erased promoter's code, as the buyer typed it, is no longer kept for their payment."""
    session.execute(update(StripePendingPayment).where(
        StripePendingPayment.merchant_id == merchant_id,
        func.lower(StripePendingPayment.code).in_(typed)).values(code=None)
        .execution_options(synchronize_session=False))


def _find(session: Session, merchant_id: str, reference: str, *, lock: bool = False
          ) -> StripePendingPayment | None:
    statement = select(StripePendingPayment).where(
        StripePendingPayment.merchant_id == merchant_id,
        StripePendingPayment.reference == reference[:255])
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    found: StripePendingPayment | None = session.scalars(statement).one_or_none()
    return found
