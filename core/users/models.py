"""People who sign in to a merchant's dashboard: email, password hash, role and session version."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db


class MerchantUser(db.Model):
    __tablename__ = "merchant_users"
    __table_args__ = (
        UniqueConstraint("merchant_id", "email", name="uq_merchant_users_merchant_id_email"),
        CheckConstraint("role IN ('owner', 'staff')", name="role"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    # Stored lower-cased and trimmed: one person, one account per merchant.
    email: Mapped[str] = mapped_column(String(320), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(8))
    # Part of every session cookie; a password change bumps it, signing out other browsers.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"
