"""Daily journey counts of closed days, so the funnel of a busy program is read from a few
hundred rows instead of a million clicks (see referrals/journey/rollup.py)."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import db


class JourneyRollup(db.Model):
    """How far a merchant's days are rolled up: every UTC day before `through` is."""

    __tablename__ = "journey_rollups"

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    through: Mapped[date] = mapped_column(Date)


class _DayCounts:
    valid_clicks: Mapped[int] = mapped_column(Integer, default=0)
    invalid_clicks: Mapped[int] = mapped_column(Integer, default=0)
    # Referrals by their status now: a review decision moves its referral between columns.
    approved: Mapped[int] = mapped_column(Integer, default=0)
    pending_review: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    first_orders: Mapped[int] = mapped_column(Integer, default=0)
    repeat_orders: Mapped[int] = mapped_column(Integer, default=0)


class JourneyPromoterMonth(db.Model):
    """Which days of a month a promoter had valid clicks and approved referrals on: bit d-1 for
    day d. Distinct promoters over a range of days are then one bitwise test per promoter and
    month, not a scan of every promoter's every day. Bits are only ever set (a decision can
    approve a referral, never un-approve one)."""

    __tablename__ = "journey_promoter_months"

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    promoter_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    clicked_days: Mapped[int] = mapped_column(Integer, default=0)
    approved_days: Mapped[int] = mapped_column(Integer, default=0)


class JourneyTotal(_DayCounts, db.Model):
    """A merchant's counts on one UTC day, all promoters together."""

    __tablename__ = "journey_totals"

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class JourneyShares(db.Model):
    """A merchant's shares on one UTC day through one channel."""

    __tablename__ = "journey_shares"

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    shares: Mapped[int] = mapped_column(Integer)


class JourneyVisitors(db.Model):
    """The visitors of one day's valid clicks as a HyperLogLog sketch
    (referrals/journey/sketches.py): distinct visitors are not a sum of days, but sketches merge."""

    __tablename__ = "journey_visitors"

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    sketch: Mapped[bytes] = mapped_column(LargeBinary)
