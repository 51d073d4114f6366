"""Promoter rows: who shares, with their code and standing (active or blocked).

A promoter row is also the loyalty program's member: every customer the shop tells Goodword
about (enrolled through the API or the widget, a buyer on their first order, a referred friend
on approval) has one, whether or not they ever share (referrals/members/)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Model, UTCDateTime
from core.metadata import HasMetadata


class Promoter(HasMetadata, Model):
    __tablename__ = "promoters"
    __table_args__ = (
        UniqueConstraint("merchant_id", "external_id"),
        # Codes are case-insensitive, and unique across the whole deployment so that a bare
        # /r/{code} link names exactly one promoter of exactly one merchant.
        UniqueConstraint("code_key"),
        CheckConstraint("status IN ('active', 'blocked')", name="status"),
        Index("ix_promoters_merchant_id_email", "merchant_id", "email"),
        Index("ix_promoters_merchant_id_birthday", "merchant_id", "birthday"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    external_id: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(32))
    code_key: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(10), default="active")
    # The visitor cookie of the promoter's own browser, once Goodword has seen it (portal,
    # widget): a friend's click from that browser is the promoter referring themself.
    visitor_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when the person asked to be forgotten: personal data is gone, ids and counts remain.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "MM-DD" as the shop sent it, never a year (referrals/members/birthdays.py).
    birthday: Mapped[str | None] = mapped_column(String(5))
