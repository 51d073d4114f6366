"""Share rows: a promoter sending their link out through a channel."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db, sql_list
from referrals.links.channels import CHANNELS


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
