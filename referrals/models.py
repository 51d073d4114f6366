"""Promoter, click, share, referral and fraud-settings rows."""

from datetime import datetime

from sqlalchemy import (
    JSON,
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

from core.db import UTCDateTime, db, sql_list
from referrals.channels import CHANNELS


class Promoter(db.Model):
    __tablename__ = "promoters"
    __table_args__ = (
        UniqueConstraint("merchant_id", "external_id"),
        # Codes are case-insensitive, and unique across the whole deployment so that a bare
        # /r/{code} link names exactly one promoter of exactly one merchant.
        UniqueConstraint("code_key"),
        CheckConstraint("status IN ('active', 'blocked')", name="status"),
        Index("ix_promoters_merchant_id_email", "merchant_id", "email"),
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


CLICK_INVALID_REASONS = (
    "tampered", "expired", "unknown_code", "unknown_promoter", "promoter_blocked"
)



class Click(db.Model):
    """A visit through a referral link (awareness). Bad links are kept too, as invalid clicks."""

    __tablename__ = "clicks"
    __table_args__ = (
        CheckConstraint(
            f"(valid AND invalid_reason IS NULL) OR "
            f"(NOT valid AND invalid_reason IN ({sql_list(CLICK_INVALID_REASONS)}))",
            name="validity",
        ),
        # Counts per promoter and per merchant over a time range are what the funnel reads.
        Index("ix_clicks_promoter_id_created_at", "promoter_id", "created_at"),
        Index("ix_clicks_merchant_id_created_at", "merchant_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    # Both empty when the link named nobody we know (an unknown code, an unreadable token).
    merchant_id: Mapped[str | None] = mapped_column(ForeignKey("merchants.id"))
    promoter_id: Mapped[str | None] = mapped_column(ForeignKey("promoters.id"))
    # A random id from Goodword's first-party cookie, not a person: it ties clicks to a browser.
    visitor_id: Mapped[str] = mapped_column(String(64))
    # HMAC of the address with a server secret: comparable for fraud checks, never reversible.
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(512))
    referrer: Mapped[str | None] = mapped_column(String(2048))
    # The shop page the link asked for with `?to=`, as asked; the redirect honours it only when
    # its host is one of the merchant's domains.
    landing_url: Mapped[str | None] = mapped_column(String(2048))
    campaign: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(20))
    valid: Mapped[bool] = mapped_column(Boolean)
    invalid_reason: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Share(db.Model):
    """A promoter sharing their link from the widget (engagement), by channel."""

    __tablename__ = "shares"
    __table_args__ = (
        CheckConstraint(f"channel IN ({sql_list(CHANNELS)})", name="channel"),
        Index("ix_shares_promoter_id_created_at", "promoter_id", "created_at"),
        Index("ix_shares_merchant_id_created_at", "merchant_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    promoter_id: Mapped[str] = mapped_column(ForeignKey("promoters.id"))
    channel: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


REFERRAL_STATUSES = ("approved", "pending_review", "rejected")
FRAUD_ACTIONS = ("off", "review", "reject")
ATTRIBUTION_POLICIES = ("first_click", "last_click")


class Referral(db.Model):
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
    # keyed hash of the address's /24 or /64 (referrals.evidence).
    user_agent: Mapped[str | None] = mapped_column(String(512))
    device_id: Mapped[str | None] = mapped_column(String(64))
    network_hash: Mapped[str | None] = mapped_column(String(64))
    # The sum of the risk signals' points (referrals.risk); None for referrals made before them.
    risk_score: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    # [{"code": "self_referral_email", "message": "..."}]: why it is not simply approved.
    reasons: Mapped[list[dict]] = mapped_column(JSON)
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(40))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the worker last sent referral.review_reminder for it (referrals/review_reminders.py).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FraudSettings(db.Model):
    """A merchant's choices for each fraud check; no row means the defaults in referrals.fraud."""

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
    # The risk score (referrals.risk) at or above which a signup is held, or rejected.
    review_score: Mapped[int] = mapped_column(Integer, default=40)
    reject_score: Mapped[int] = mapped_column(Integer, default=80)
