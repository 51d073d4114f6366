"""Orders a merchant reports (the purchases rules pay for) and their refunds."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Model, UTCDateTime
from core.metadata import HasMetadata
from rewards.events import Award, Skip

if TYPE_CHECKING:
    from rewards.ledger.models import Reward


class Order(HasMetadata, Model):
    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("merchant_id", "external_id"),
        CheckConstraint("amount > 0 AND refunded_amount >= 0 AND refunded_amount <= amount",
                        name="amounts"),
        Index("ix_orders_merchant_id_customer_external_id", "merchant_id", "customer_external_id"),
        Index("ix_orders_merchant_id_created_at", "merchant_id", "created_at"),
        Index("ix_orders_promoter_id", "promoter_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    external_id: Mapped[str] = mapped_column(String(255))
    customer_external_id: Mapped[str] = mapped_column(String(255))
    customer_email: Mapped[str | None] = mapped_column(String(320))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    refunded_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    # The promoter the purchase is credited to, and how: referral, click, token or code.
    promoter_id: Mapped[str | None] = mapped_column(ForeignKey("promoters.id"))
    referral_id: Mapped[str | None] = mapped_column(ForeignKey("referrals.id"))
    attributed_by: Mapped[str | None] = mapped_column(String(10))
    # Why the order's click, token or code credited nobody: the buyer is that promoter
    # (self_referral_customer, self_referral_email or self_referral_browser, as a signup).
    attribution_refusal: Mapped[str | None] = mapped_column(String(40))
    first_order: Mapped[bool] = mapped_column(Boolean)
    # The customer's how-manieth order this is (1: their first), counted by the order's INSERT
    # under the customer's row lock; None for orders recorded before it was kept.
    customer_order_number: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    # Not stored: what each rule did with the order (rewards.events Award and Skip), set when
    # this process recorded it, for the answer to the request that did; empty when read back.
    verdicts: tuple[Award | Skip, ...] = ()

    # Read only (GET /v1/orders): its refunds, and the rewards it earned (rewards.ledger lots,
    # each with what refunds clawed back of it). Loaded in one query per list by list_orders.
    refunds: Mapped[list["Refund"]] = relationship(
        viewonly=True, order_by="(Refund.created_at, Refund.id)")
    rewards: Mapped[list["Reward"]] = relationship(
        viewonly=True, order_by="(Reward.created_at, Reward.id)")


class Refund(Model):
    __tablename__ = "refunds"
    __table_args__ = (
        UniqueConstraint("order_id", "external_id"),
        CheckConstraint("amount > 0", name="amount"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"))
    external_id: Mapped[str] = mapped_column(String(255))
    amount: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
