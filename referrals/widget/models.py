"""Rows behind the share widget: the sessions shops mint, the buyers' feedback, the look."""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db


class WidgetSession(db.Model):
    """One order's buyer, named by the shop's server: the only person a widget may enrol.

    The customer's details stay here, server side; the token the page carries holds only the
    merchant's and this row's ids, so a leaked page reveals nothing about the buyer.
    """

    __tablename__ = "widget_sessions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    customer_external_id: Mapped[str] = mapped_column(String(255))
    customer_email: Mapped[str | None] = mapped_column(String(320))
    customer_name: Mapped[str | None] = mapped_column(String(200))
    order_id: Mapped[str | None] = mapped_column(String(255))
    # Set when the buyer opened the share panel and became a promoter.
    promoter_id: Mapped[str | None] = mapped_column(ForeignKey("promoters.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WidgetFeedback(db.Model):
    """A buyer's answer to "how likely are you to recommend us?", and what they wrote."""

    __tablename__ = "widget_feedback"
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 10", name="score"),
        Index("ix_widget_feedback_merchant_id_created_at", "merchant_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    # One answer per session: answering again (a changed mind, a resubmitted form) replaces it.
    widget_session_id: Mapped[str] = mapped_column(
        ForeignKey("widget_sessions.id"), unique=True
    )
    order_id: Mapped[str | None] = mapped_column(String(255))
    score: Mapped[int] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WidgetSettings(db.Model):
    """How a merchant's widget looks and whether it asks the 0-10 question first."""

    __tablename__ = "widget_settings"

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    ask_nps: Mapped[bool] = mapped_column(Boolean, default=True)
    accent_color: Mapped[str] = mapped_column(String(7))
    background_color: Mapped[str] = mapped_column(String(7))
    text_color: Mapped[str] = mapped_column(String(7))
    # Replaces the default, translated heading when set; the merchant writes it in one language.
    title: Mapped[str | None] = mapped_column(String(120))
