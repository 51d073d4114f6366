"""What Goodword saw of a promoter's own browsers and networks, for the self-referral signals."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Model, UTCDateTime

EVIDENCE_SOURCES = ("portal", "widget", "api", "order", "stripe")


class PromoterEvidence(Model):
    """One sighting of the promoter themself: their portal, their widget enrolment, the shop's
    server enrolling them or recording their order with their address and browser. (Clicks
    from a browser known to be theirs are read from the clicks: referrals.promoters.evidence.)
    A friend signing up from the same device, or the same network and browser, is compared
    with these rows. Addresses are kept only as keyed hashes, as on clicks."""

    __tablename__ = "promoter_evidence"
    __table_args__ = (Index("ix_promoter_evidence_promoter_id", "promoter_id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    promoter_id: Mapped[str] = mapped_column(ForeignKey("promoters.id"))
    source: Mapped[str] = mapped_column(String(12))
    visitor_id: Mapped[str | None] = mapped_column(String(64))
    device_id: Mapped[str | None] = mapped_column(String(64))
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    # The keyed hash of the address's /24 (IPv4) or /64 (IPv6).
    network_hash: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(512))
    # The keyed hash of the Stripe fingerprint of a card the promoter paid with: a referred
    # purchase paid with it is the promoter's own.
    card_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
