"""Merchant and API key rows."""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Model, UTCDateTime

# The guardrails' defaults: a thousand dollars' worth at the default point value, far above any
# reward the demo or a typical program pays, far below what a mistyped or malicious rule could.
DEFAULT_MAX_AWARD = 100_000


class Merchant(Model):
    __tablename__ = "merchants"
    __table_args__ = (
        CheckConstraint("attribution_window_days BETWEEN 1 AND 365", name="attribution_window"),
        CheckConstraint("hold_days BETWEEN 0 AND 365", name="hold_days"),
        CheckConstraint("stripe_payout IN ('promotion_code', 'customer_balance')",
                        name="stripe_payout"),
        CheckConstraint("max_award_points > 0 AND max_award_credit > 0"
                        " AND min_hold_days BETWEEN 0 AND 365", name="guardrails"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Where a shopper lands when a link is bad or carries no landing path.
    shop_url: Mapped[str] = mapped_column(String(2048))
    # Hostnames a referral link may redirect to; "*.example.com" admits subdomains.
    allowed_domains: Mapped[list[str]] = mapped_column(JSON)
    currency: Mapped[str] = mapped_column(String(3))
    attribution_window_days: Mapped[int] = mapped_column(default=30)
    hold_days: Mapped[int] = mapped_column(default=14)
    # Points expire this long after they become available; None: they never expire.
    points_expiry_days: Mapped[int | None] = mapped_column()
    # What one point is worth as store credit, in minor units of `currency`.
    point_value: Mapped[int] = mapped_column(default=1)
    # The merchant's Stripe secret key and webhook signing secret, encrypted (Fernet) under
    # CREDENTIALS_SECRETS: a copy of the table alone cannot move the merchant's money. Only
    # the last four characters are ever shown again.
    stripe_secret_key_sealed: Mapped[str | None] = mapped_column(Text)
    stripe_secret_key_last4: Mapped[str | None] = mapped_column(String(4))
    stripe_webhook_secret_sealed: Mapped[str | None] = mapped_column(Text)
    stripe_webhook_secret_last4: Mapped[str | None] = mapped_column(String(4))
    # How a redemption paid through Stripe goes out: a one-time coupon with a promotion code,
    # or a credit on the promoter's Stripe customer balance (subscription businesses).
    stripe_payout: Mapped[str] = mapped_column(String(16), default="promotion_code",
                                               server_default="promotion_code")
    # The Stripe coupon a referred friend gets through a promoter's own promotion code (the
    # double-sided discount); None: no friend discount.
    stripe_friend_coupon: Mapped[str | None] = mapped_column(String(255))
    # The owners' guardrails (see rewards/program/guardrails.py): the most one award may pay, in
    # points and in minor units of `currency`, and the shortest hold a rule may have. Only owners
    # (and API keys, which act for them) change them; every rule and tier is saved within them.
    max_award_points: Mapped[int] = mapped_column(BigInteger, default=DEFAULT_MAX_AWARD,
                                                  server_default=str(DEFAULT_MAX_AWARD))
    max_award_credit: Mapped[int] = mapped_column(BigInteger, default=DEFAULT_MAX_AWARD,
                                                  server_default=str(DEFAULT_MAX_AWARD))
    min_hold_days: Mapped[int] = mapped_column(default=0, server_default="0")
    # The owner's choice: every user of this merchant signs in with a second factor (TOTP or a
    # recovery code), and one without is made to set it up at their next sign-in.
    require_two_factor: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # An IANA time zone name: the calendar day birthdays and anniversaries fall on.
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    api_keys: Mapped[list["ApiKey"]] = relationship(back_populates="merchant")

    @property
    def stripe_connected(self) -> bool:
        return self.stripe_secret_key_sealed is not None


class ApiKey(Model):
    __tablename__ = "api_keys"
    __table_args__ = (
        CheckConstraint("kind IN ('secret', 'publishable')", name="kind"),
        CheckConstraint("mode IN ('test', 'live')", name="mode"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    mode: Mapped[str] = mapped_column(String(4))
    # HMAC-SHA256 of the full key: a stolen table cannot be replayed against the API.
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    # What a person may see again: the visible prefix and the last four characters.
    redacted: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A rolled key keeps working until `expires_at` so deploys can swap it without downtime.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    merchant: Mapped[Merchant] = relationship(back_populates="api_keys")

    def is_usable(self, now: datetime) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or now < self.expires_at
