"""Catalog rewards the merchant defines, and the pools of unique codes some of them hand out."""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Model, UTCDateTime, sql_list

# store_credit: an amount of the merchant's currency; amount_coupon and percent_coupon: a
# single-use discount code for the next order; free_shipping and free_product: a single-use
# code for free shipping or for a product (or a thank-you gift the description tells);
# code_pool: one of the unique codes the merchant uploaded (a gift card, a partner's voucher).
CATALOG_KINDS = ("store_credit", "amount_coupon", "percent_coupon", "free_shipping",
                 "free_product", "code_pool")
AMOUNT_KINDS = ("store_credit", "amount_coupon")


class CatalogReward(Model):
    __tablename__ = "catalog_rewards"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_list(CATALOG_KINDS)})", name="kind"),
        CheckConstraint("points_cost > 0", name="points_cost"),
        # An amount reward is worth an amount in one currency; the others are worth none.
        CheckConstraint(
            f"(kind IN ({sql_list(AMOUNT_KINDS)}) AND amount > 0 AND currency IS NOT NULL)"
            f" OR (kind NOT IN ({sql_list(AMOUNT_KINDS)}) AND amount IS NULL)",
            name="amount",
        ),
        CheckConstraint("kind <> 'percent_coupon' OR percent_off BETWEEN 1 AND 100",
                        name="percent_off"),
        CheckConstraint("per_member_limit IS NULL OR per_member_limit > 0",
                        name="per_member_limit"),
        Index("ix_catalog_rewards_merchant_id_points_cost", "merchant_id", "points_cost"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    points_cost: Mapped[int] = mapped_column(BigInteger)
    # Minor units of `currency` (store credit, an amount off); None for the other kinds.
    amount: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    percent_off: Mapped[int | None] = mapped_column(Integer)
    # What a free_product reward gives (the shop's product id or name).
    product: Mapped[str | None] = mapped_column(String(200))
    # How many times one member may redeem it (held or issued); None: no limit.
    per_member_limit: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RewardCode(Model):
    """One uploaded code of a code_pool reward: free until a redemption takes it, once."""

    __tablename__ = "reward_codes"
    __table_args__ = (
        UniqueConstraint("catalog_reward_id", "code"),
        # A code goes to one redemption, and a redemption gets one code.
        UniqueConstraint("redemption_id"),
        Index("ix_reward_codes_catalog_reward_id_redemption_id", "catalog_reward_id",
              "redemption_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    catalog_reward_id: Mapped[str] = mapped_column(ForeignKey("catalog_rewards.id"))
    code: Mapped[str] = mapped_column(String(64))
    redemption_id: Mapped[str | None] = mapped_column(ForeignKey("redemptions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
