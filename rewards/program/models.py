"""A merchant's incentive program: versioned rules and reward tiers, and each promoter's tier.

A rule's definition lives in immutable versions: a reward already earned names the rule and
version that produced it, so the definition it was earned under can always be read back. An edit
(disabling included) appends a version; the `rules` row only points at the current one.
"""

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Model, UTCDateTime, sql_list
from core.metadata import HasMetadata

REWARD_TYPES = (
    "fixed_points", "points_per_currency_unit", "percent_of_order", "fixed_credit", "coupon",
)
# Which invoices of one subscription a rule pays for: the first paid one, or every one whose
# service period starts within `recurring_months` of the first's. No mode: every invoice.
RECURRING_MODES = ("first_invoice", "months")
TIER_METRICS = ("approved_referrals", "points_earned")



class Rule(HasMetadata, Model):
    __tablename__ = "rules"
    __table_args__ = (
        Index("ix_rules_merchant_id_trigger_active", "merchant_id", "trigger", "active"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    # Fixed at creation: a rule that listens to another event is another rule.
    trigger: Mapped[str] = mapped_column(String(32))
    current_version: Mapped[int] = mapped_column(Integer)
    # A copy of the current version's flag, so listing and evaluating filter on one row.
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RuleVersion(Model):
    """One definition of a rule; never updated, never deleted."""

    __tablename__ = "rule_versions"
    __table_args__ = (
        UniqueConstraint("rule_id", "version"),
        CheckConstraint(f"reward_type IN ({sql_list(REWARD_TYPES)})", name="reward_type"),
        CheckConstraint("reward_value > 0", name="reward_value"),
        CheckConstraint(
            "(recurring_mode IS NULL AND recurring_months IS NULL)"
            " OR (recurring_mode = 'first_invoice' AND recurring_months IS NULL)"
            " OR (recurring_mode = 'months' AND recurring_months > 0)",
            name="recurring",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule_id: Mapped[str] = mapped_column(ForeignKey("rules.id"))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean)
    beneficiary: Mapped[str] = mapped_column(String(10))
    reward_type: Mapped[str] = mapped_column(String(32))
    # Points, minor units, points per major unit, or basis points: see rewards.program.rules.
    reward_value: Mapped[int] = mapped_column(BigInteger)
    first_order_only: Mapped[bool] = mapped_column(Boolean)
    min_order_amount: Mapped[int | None] = mapped_column(BigInteger)
    within_days_of_referral: Mapped[int | None] = mapped_column(Integer)
    currency: Mapped[str | None] = mapped_column(String(3))
    recurring_mode: Mapped[str | None] = mapped_column(String(20))
    recurring_months: Mapped[int | None] = mapped_column(Integer)
    per_promoter_per_day: Mapped[int | None] = mapped_column(Integer)
    per_promoter_per_month: Mapped[int | None] = mapped_column(Integer)
    lifetime_cap: Mapped[int | None] = mapped_column(BigInteger)
    budget: Mapped[int | None] = mapped_column(BigInteger)
    # share.created only: a promoter's shares through one channel pay once in this many days.
    per_channel_days: Mapped[int | None] = mapped_column(Integer)
    # order.milestone: the customer's Nth order; member.anniversary: only the Nth anniversary
    # (None: every one); activity.recorded: the merchant's own activity type it pays for.
    nth: Mapped[int | None] = mapped_column(Integer)
    years: Mapped[int | None] = mapped_column(Integer)
    activity_type: Mapped[str | None] = mapped_column(String(64))
    # Awards per promoter ever (a count, where lifetime_cap is an amount).
    per_promoter_lifetime: Mapped[int | None] = mapped_column(Integer)
    # None: the merchant's hold_days at the time of the award.
    hold_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    rule: Mapped[Rule] = relationship()


class Tier(Model):
    __tablename__ = "tiers"
    __table_args__ = (
        # Tiers are ranked by threshold, so two tiers may not share one.
        UniqueConstraint("merchant_id", "threshold"),
        CheckConstraint(f"metric IN ({sql_list(TIER_METRICS)})", name="metric"),
        CheckConstraint("threshold > 0 AND window_days > 0 AND multiplier > 0"
                        " AND grace_days >= 0", name="numbers"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    name: Mapped[str] = mapped_column(String(100))
    metric: Mapped[str] = mapped_column(String(20))
    threshold: Mapped[int] = mapped_column(BigInteger)
    window_days: Mapped[int] = mapped_column(Integer)
    multiplier: Mapped[int] = mapped_column(Integer)  # basis points: 10000 is 1x
    perks: Mapped[str | None] = mapped_column(Text)
    grace_days: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PromoterTier(Model):
    """A promoter's current tier; no row means no tier."""

    __tablename__ = "promoter_tiers"
    __table_args__ = (Index("ix_promoter_tiers_merchant_id_tier_id", "merchant_id", "tier_id"),)

    promoter_id: Mapped[str] = mapped_column(ForeignKey("promoters.id"), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    tier_id: Mapped[str] = mapped_column(ForeignKey("tiers.id"))
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    # When the promoter was first seen below the tier's threshold; the grace period runs from it.
    below_threshold_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
