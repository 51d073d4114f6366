"""People who sign in to a merchant's dashboard: email, password hash, role and session version,
and their second factor (an authenticator app's secret and recovery codes)."""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Model, UTCDateTime


class MerchantUser(Model):
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


class UserTwoFactor(Model):
    """A user's authenticator app: the TOTP secret, sealed, and the last code step used.

    A row without `confirmed_at` is an enrolment in progress: sign-in asks for nothing until
    the user has proved, with a code, that their app holds the secret."""

    __tablename__ = "user_two_factor"

    user_id: Mapped[str] = mapped_column(ForeignKey("merchant_users.id"), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    # Fernet under CREDENTIALS_SECRETS, like Stripe keys: a copy of the table alone makes no codes.
    secret_sealed: Mapped[str] = mapped_column(Text)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The 30-second step of the last code accepted: a code seen once is never accepted again.
    last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RecoveryCode(Model):
    """One of ten single-use codes for signing in without the app, kept only as a digest."""

    __tablename__ = "user_recovery_codes"
    __table_args__ = (
        UniqueConstraint("user_id", "code_digest", name="uq_user_recovery_codes_user_id_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("merchant_users.id"), index=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    code_digest: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
