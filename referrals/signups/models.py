"""Referral rows (a friend's signup and its verdict) and each merchant's fraud settings."""

from datetime import datetime

from sqlalchemy import (
    JSON,
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
from core.metadata import HasMetadata

REFERRAL_STATUSES = ("approved", "pending_review", "rejected")
FRAUD_ACTIONS = ("off", "review", "reject")
ATTRIBUTION_POLICIES = ("first_click", "last_click")


class Referral(HasMetadata, Model):
    """A friend who signed up through a promoter (subscribe), with the verdict of the checks."""

    __tablename__ = "referrals"
    __table_args__ = (
        # A friend is referred at most once per merchant: the first valid attribution wins,
        # and the database, not a read-then-write, is what guarantees it under concurrency.
        UniqueConstraint("merchant_id", "referee_external_id"),
        CheckConstraint(f"status IN ({sql_list(REFERRAL_STATUSES)})", name="status"),
        Index("ix_referrals_promoter_id_created_at", "promoter_id", "created_at"),
        Index("ix_referrals_merchant_id_created_at", "merchant_id", "created_at"),
        Index("ix_referrals_merchant_id_referee_email_key", "merchant_id", "referee_email_key"),
        Index("ix_referrals_click_id", "click_id"),
        Index(
            "ix_referrals_merchant_id_ip_hash_created_at", "merchant_id", "ip_hash", "created_at"
        ),
        Index("ix_referrals_merchant_id_device_id", "merchant_id", "device_id"),
        Index("ix_referrals_merchant_id_network_hash_created_at", "merchant_id", "network_hash",
              "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    promoter_id: Mapped[str] = mapped_column(ForeignKey("promoters.id"))
    click_id: Mapped[str | None] = mapped_column(ForeignKey("clicks.id"))
    attributed_by: Mapped[str] = mapped_column(String(10))  # click, token or code
    referee_external_id: Mapped[str] = mapped_column(String(255))
    referee_email: Mapped[str | None] = mapped_column(String(320))
    # The address as its provider sees it (no dots or +tags at Gmail): what self-referral and
    # duplicate checks compare, so ana.lima+2@gmail.com is recognised as ana@...'s twin.
    referee_email_key: Mapped[str | None] = mapped_column(String(320))
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    visitor_id: Mapped[str | None] = mapped_column(String(64))
    # The friend's evidence as the shop sent it: browser, its own first-party device id, and the
    # keyed hash of the address's /24 or /64 (referrals.promoters.evidence).
    user_agent: Mapped[str | None] = mapped_column(String(512))
    device_id: Mapped[str | None] = mapped_column(String(64))
    network_hash: Mapped[str | None] = mapped_column(String(64))
    # The sum of the risk signals' points (referrals.signups.risk); None for referrals made
    # before them.
    risk_score: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    # [{"code": "self_referral_email", "message": "..."}]: why it is not simply approved.
    reasons: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(40))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the worker last sent referral.review_reminder for it (referrals/signups/scheduled.py).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FraudSettings(Model):
    """A merchant's choices for each fraud check; no row means the defaults in
    referrals.signups.fraud."""

    __tablename__ = "fraud_settings"
    __table_args__ = (*(
        CheckConstraint(f"{column} IN ({sql_list(FRAUD_ACTIONS)})", name=column)
        for column in (
            "self_referral", "disposable_email", "duplicate_email", "reused_click", "velocity"
        )
    ), CheckConstraint(f"attribution IN ({sql_list(ATTRIBUTION_POLICIES)})", name="attribution"))

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    self_referral: Mapped[str] = mapped_column(String(8))
    disposable_email: Mapped[str] = mapped_column(String(8))
    duplicate_email: Mapped[str] = mapped_column(String(8))
    reused_click: Mapped[str] = mapped_column(String(8))
    velocity: Mapped[str] = mapped_column(String(8))
    max_signups_per_ip_per_day: Mapped[int] = mapped_column(Integer)
    max_signups_per_promoter_per_day: Mapped[int] = mapped_column(Integer)
    # Which click keeps the credit within the window, and whether a typed code beats it.
    attribution: Mapped[str] = mapped_column(String(12), default="first_click")
    # The risk score (referrals.signups.risk) at or above which a signup is held, or rejected.
    review_score: Mapped[int] = mapped_column(Integer, default=40)
    reject_score: Mapped[int] = mapped_column(Integer, default=80)
