"""Stripe subscriptions and payment links: where an invoice falls in its subscription, and
which order a payment intent paid when the order is known by another id.

Both are kept under unique constraints and written with the webhook event that taught them, so
a redelivered or concurrent event finds the row instead of making a second one.
"""

import calendar
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from referrals.stripe.models import StripePaymentLink, StripeSubscription
from rewards.orders import service as orders
from rewards.orders.models import Order

HINT_NAMES = ("click_id", "token", "code")


def add_months(start: datetime, months: int) -> datetime:
    """`start` moved by whole calendar months, on the same day or the month's last (Stripe
    bills a subscription started on the 31st on the 30th or 28th of shorter months)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def whole_months(start: datetime, at: datetime) -> int:
    """How many whole calendar months from `start` have passed at `at` (0 before the first)."""
    if at <= start:
        return 0
    months = (at.year - start.year) * 12 + at.month - start.month
    while months > 0 and add_months(start, months) > at:
        months -= 1
    return months


def locked_subscription(session: Session, *, merchant_id: str, subscription_id: str,
                        now: datetime) -> StripeSubscription:
    """The subscription's row, created on first sight, locked until the transaction ends so two
    of its invoices at once cannot both be its first."""
    statement = select(StripeSubscription).where(
        StripeSubscription.merchant_id == merchant_id,
        StripeSubscription.subscription_id == subscription_id,
    ).with_for_update()
    found = session.scalars(statement).one_or_none()
    if found is not None:
        return found
    row = StripeSubscription(merchant_id=merchant_id, subscription_id=subscription_id,
                             created_at=now)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # created concurrently: wait for it and lock it
        return session.scalars(statement.execution_options(populate_existing=True)).one()
    return row


def place_invoice(session: Session, *, merchant_id: str, subscription_id: str, invoice_id: str,
                  service_start: datetime, now: datetime) -> orders.Invoice:
    """Record a paid invoice in its subscription and say where it falls.

    The first paid invoice delivered is the first (a $0 trial invoice is never paid, so the
    first real payment counts); months count from the earliest service period seen, so a
    renewal delivered late or out of order still counts from the subscription's start.
    """
    row = locked_subscription(session, merchant_id=merchant_id, subscription_id=subscription_id,
                              now=now)
    if row.first_invoice_id is None:
        row.first_invoice_id = invoice_id
    if row.waiting_invoice and row.waiting_invoice.get("reference") != invoice_id:
        # A later invoice is paid: Checkout sends its session within seconds of the first
        # invoice, so none is coming (the subscription began without Checkout), and the
        # unreferred subscriber's email, customer id and amount are not kept any longer.
        row.waiting_invoice = None
    if row.started_at is None or service_start < row.started_at:
        row.started_at = service_start
    session.flush()
    return orders.Invoice(first=row.first_invoice_id == invoice_id,
                          months_since_first=whole_months(row.started_at, service_start))


def note_checkout_hints(session: Session, *, merchant_id: str, subscription_id: str,
                        hints: dict[str, str], now: datetime) -> None:
    """Keep the referral evidence of the Checkout Session that started the subscription: its
    invoices carry only the subscription's metadata."""
    row = locked_subscription(session, merchant_id=merchant_id, subscription_id=subscription_id,
                              now=now)
    for name in HINT_NAMES:
        if hints.get(name) and not getattr(row, name):
            setattr(row, name, hints[name])
    session.flush()


def keep_waiting_invoice(session: Session, *, merchant_id: str, subscription_id: str,
                         invoice: dict[str, Any], now: datetime) -> None:
    """Keep the subscription's first invoice (nobody referred it yet) for its Checkout Session,
    which may bring the click after it; until that session comes or, for a subscription
    started without Checkout, until its next invoice is paid (place_invoice)."""
    row = locked_subscription(session, merchant_id=merchant_id, subscription_id=subscription_id,
                              now=now)
    row.waiting_invoice = invoice
    session.flush()


def take_waiting_invoice(session: Session, *, merchant_id: str,
                         subscription_id: str) -> tuple[dict[str, Any], orders.Invoice] | None:
    """The kept first invoice and where it falls, removed so it is used once."""
    row = session.scalars(select(StripeSubscription).where(
        StripeSubscription.merchant_id == merchant_id,
        StripeSubscription.subscription_id == subscription_id,
    ).with_for_update()).one_or_none()
    if row is None or not row.waiting_invoice:
        return None
    invoice, row.waiting_invoice = row.waiting_invoice, None
    service_start = datetime.fromisoformat(invoice["service_start"])
    assert row.started_at is not None  # the kept invoice was placed first, which set it
    session.flush()
    return invoice, orders.Invoice(first=row.first_invoice_id == invoice["reference"],
                                   months_since_first=whole_months(row.started_at,
                                                                   service_start))


def checkout_hints(session: Session, *, merchant_id: str, subscription_id: str
                   ) -> tuple[dict[str, str], datetime | None]:
    """The evidence the subscription's Checkout Session carried, and since when it is known."""
    row = session.scalars(select(StripeSubscription).where(
        StripeSubscription.merchant_id == merchant_id,
        StripeSubscription.subscription_id == subscription_id,
    )).one_or_none()
    if row is None:
        return {}, None
    return ({name: getattr(row, name) for name in HINT_NAMES if getattr(row, name)},
            row.created_at)


def claim_payment(session: Session, *, merchant_id: str, payment_intent: str,
                  order_reference: str, now: datetime) -> str:
    """Claim `payment_intent` for the order known as `order_reference` (the invoice id, the
    shop's order id, or the payment intent itself); returns the order reference that holds it:
    ours, or an earlier claim's.

    The claim is the link row under the unique (merchant, payment intent): a concurrent claim
    of the same payment intent waits on that index until ours commits (then finds it) or rolls
    back, so one payment intent pays one order. Every path that records an order for a payment
    intent claims it before taking any row lock (see the lock order in rewards.ledger.service)."""
    linked = linked_order_reference(session, merchant_id=merchant_id,
                                    payment_intent=payment_intent)
    if linked is not None:
        return linked
    try:
        with session.begin_nested():
            session.add(StripePaymentLink(merchant_id=merchant_id, payment_intent=payment_intent,
                                          order_reference=order_reference, created_at=now))
    except IntegrityError:  # claimed concurrently, and committed while we waited: theirs
        theirs = linked_order_reference(session, merchant_id=merchant_id,
                                        payment_intent=payment_intent)
        assert theirs is not None
        return theirs
    return order_reference


def order_paid_by(session: Session, *, merchant_id: str, reference: str) -> Order | None:
    """The order a Stripe payment (payment intent id, or checkout session id) paid: recorded
    under that id, or linked to it."""
    order = orders.find_order(session, merchant_id=merchant_id, external_id=reference)
    if order is not None:
        return order
    linked = linked_order_reference(session, merchant_id=merchant_id, payment_intent=reference)
    if linked is None:
        return None
    return orders.find_order(session, merchant_id=merchant_id, external_id=linked)


def linked_order_reference(session: Session, *, merchant_id: str,
                           payment_intent: str) -> str | None:
    return session.scalar(select(StripePaymentLink.order_reference).where(
        StripePaymentLink.merchant_id == merchant_id,
        StripePaymentLink.payment_intent == payment_intent,
    ))


def payment_references(session: Session, *, merchant_id: str, order_reference: str
                       ) -> list[str]:
    """Every Stripe payment reference a refund of the order (by its external id) may name."""
    linked = session.scalars(select(StripePaymentLink.payment_intent).where(
        StripePaymentLink.merchant_id == merchant_id,
        StripePaymentLink.order_reference == order_reference,
    ))
    return [order_reference, *linked]
