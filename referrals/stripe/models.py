"""Stripe events received by the webhook endpoint: one row per event id, the replay guard."""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Model, UTCDateTime


class StripeEvent(Model):
    """Inserted in the same transaction as the event's effect, under a unique event id, so a
    redelivered or replayed event finds its row and changes nothing."""

    __tablename__ = "stripe_events"
    __table_args__ = (
        UniqueConstraint("merchant_id", "event_id"),
        Index("ix_stripe_events_merchant_id_payment_reference_outcome",
              "merchant_id", "payment_reference", "outcome"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    event_id: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(100))
    # What Goodword did with it: order_recorded, refund_applied, refund_deferred (its payment
    # has not arrived yet), ignored_unreferred, rejected_..., and so on.
    outcome: Mapped[str] = mapped_column(String(40))
    # The payment the event is about (payment intent id, else checkout session or charge id).
    payment_reference: Mapped[str | None] = mapped_column(String(255))
    # For charge.refunded: the charge, Stripe's cumulative amount refunded on it (a payment
    # intent may have several charges), and the newest refund's id.
    charge_id: Mapped[str | None] = mapped_column(String(255))
    refunded_total: Mapped[int | None] = mapped_column(BigInteger)
    # The charge's amount and currency: a refund claws back its share of the charge, which
    # Stripe may have taken in another currency than the order's (local-currency pricing).
    charge_amount: Mapped[int | None] = mapped_column(BigInteger)
    charge_currency: Mapped[str | None] = mapped_column(String(3))
    refund_external_id: Mapped[str | None] = mapped_column(String(255))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StripeSubscription(Model):
    """A Stripe subscription Goodword has seen: which of its paid invoices came first and when
    its service began, so a rule can pay the first invoice only or N months of invoices; and the
    referral evidence its Checkout Session carried, which its invoices do not repeat."""

    __tablename__ = "stripe_subscriptions"
    __table_args__ = (UniqueConstraint("merchant_id", "subscription_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    subscription_id: Mapped[str] = mapped_column(String(255))
    # The first paid invoice delivered, and the earliest service-period start of any invoice.
    first_invoice_id: Mapped[str | None] = mapped_column(String(255))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    click_id: Mapped[str | None] = mapped_column(String(512))
    token: Mapped[str | None] = mapped_column(String(512))
    code: Mapped[str | None] = mapped_column(String(512))
    # The first invoice, kept while nothing attributes it: Stripe often sends invoice.paid
    # before the checkout.session.completed that carries the click. Cleared once used, or
    # when a later invoice of the subscription is paid (no session is coming then).
    waiting_invoice: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StripePaymentLink(Model):
    """Which order a payment intent paid: a subscription invoice, an order the shop posted to
    /v1/orders, or (order_reference == payment_intent) the order a Stripe payment event
    recorded under the payment intent itself. How a refund of its charges finds the order, and
    the claim that lets one payment intent pay one order (stripe_subscriptions.claim_payment)."""

    __tablename__ = "stripe_payment_links"
    __table_args__ = (
        UniqueConstraint("merchant_id", "payment_intent"),
        Index("ix_stripe_payment_links_merchant_id_order_reference",
              "merchant_id", "order_reference"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    payment_intent: Mapped[str] = mapped_column(String(255))
    # The order's external id: the invoice id, or the shop's own order id.
    order_reference: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StripePromotionCode(Model):
    """A promoter's own promotion code in the merchant's Stripe account, on the friend coupon:
    a friend who types it gets the discount, and a purchase naming it (even by bare id) is the
    promoter's. One per promoter: made once, outside any transaction, then recorded here."""

    __tablename__ = "stripe_promotion_codes"
    __table_args__ = (
        UniqueConstraint("promoter_id"),
        UniqueConstraint("merchant_id", "promotion_code_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    promoter_id: Mapped[str] = mapped_column(ForeignKey("promoters.id"))
    coupon: Mapped[str] = mapped_column(String(255))
    promotion_code_id: Mapped[str] = mapped_column(String(255))  # promo_...
    code: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Whether it should discount in Stripe: not while the promoter is blocked or erased, since
    # a code posted on a coupon site keeps costing the merchant. Set with the block; Stripe is
    # told after the commit, under a key naming `state_version` (bumped on each change), and
    # `synced_version` is the last state Stripe confirmed: behind it, a retry is due.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    state_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    synced_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class StripePendingPayment(Model):
    """A referred payment Stripe has not settled: a delayed method (SEPA Direct Debit, ACH,
    Boleto) completes its Checkout Session unpaid, or its payment intent is processing, and
    the money arrives days later. What the purchase knew (click, token or code, customer) is
    kept here under the payment's reference, so the event that settles it (which for a payment
    intent of a Checkout Session carries none of it) is credited as it would have been at the
    purchase: by the same evidence, judged at `started_at`."""

    __tablename__ = "stripe_pending_payments"
    __table_args__ = (UniqueConstraint("merchant_id", "reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    # The payment intent id; the Checkout Session's own id when it has none.
    reference: Mapped[str] = mapped_column(String(255))
    checkout_session: Mapped[str | None] = mapped_column(String(255))
    customer: Mapped[str | None] = mapped_column(String(255))  # cus_...; no email is kept
    click_id: Mapped[str | None] = mapped_column(String(512))
    token: Mapped[str | None] = mapped_column(String(512))
    code: Mapped[str | None] = mapped_column(String(512))
    promotion_code_id: Mapped[str | None] = mapped_column(String(512))
    # pending, then paid (its order recorded, or nobody's) or failed; evidence is cleared then.
    status: Mapped[str] = mapped_column(String(10))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
