"""Click rows: every visit through a referral link, good links or bad."""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db, sql_list

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
