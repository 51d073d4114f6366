"""Redemptions: points a promoter spends on a reward, held first and then posted or released."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Model, UTCDateTime, sql_list
from core.metadata import HasMetadata

REDEMPTION_STATUSES = ("held", "issued", "failed")


class Redemption(HasMetadata, Model):
    """Two-phase: points are held first, then posted when the reward is issued, or released."""

    __tablename__ = "redemptions"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount"),
        CheckConstraint(f"status IN ({sql_list(REDEMPTION_STATUSES)})", name="status"),
        Index("ix_redemptions_promoter_id_id", "promoter_id", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    promoter_id: Mapped[str] = mapped_column(ForeignKey("promoters.id"))
    unit: Mapped[str] = mapped_column(String(8))
    amount: Mapped[int] = mapped_column(BigInteger)
    reward_kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(8))
    # What the promoter received, e.g. store credit in the merchant's currency (minor units).
    credit_amount: Mapped[int | None] = mapped_column(BigInteger)
    credit_currency: Mapped[str | None] = mapped_column(String(3))
    failure_reason: Mapped[str | None] = mapped_column(String(200))
    # What Stripe made for a Stripe payout: the promotion code (promo_...) and the code a
    # shopper types, or the customer balance transaction (cbtxn_...).
    stripe_object_id: Mapped[str | None] = mapped_column(String(255))
    promotion_code: Mapped[str | None] = mapped_column(String(64))
    # Which reward lots the held points came from ({"rwd_...": 30}), to give back on failure.
    allocations: Mapped[dict[str, int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
