"""What members did that may earn (activities) and the days they were celebrated (occasions)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Model, UTCDateTime

OCCASION_KINDS = ("birthday", "anniversary")


class Activity(Model):
    """One of the shop's own events for a member (`review.written`, `social.followed`): the
    shop's id for it makes a retry the same activity, never a second earning."""

    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("merchant_id", "type", "external_id"),
        Index("ix_activities_promoter_id", "promoter_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    promoter_id: Mapped[str] = mapped_column(ForeignKey("promoters.id"))
    type: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Occasion(Model):
    """A member's birthday or anniversary celebrated in one year of the merchant's calendar:
    the unique row is what makes the daily job award it once, however often or by however
    many workers it runs, and it is the cause the awards name."""

    __tablename__ = "occasions"
    __table_args__ = (
        UniqueConstraint("promoter_id", "kind", "year"),
        CheckConstraint("kind IN ('birthday', 'anniversary')", name="kind"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    promoter_id: Mapped[str] = mapped_column(ForeignKey("promoters.id"))
    kind: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
