"""Two-factor sign-in: an authenticator app's TOTP codes (RFC 6238) and ten recovery codes.

The secret is sealed under CREDENTIALS_SECRETS (a key of its own, derived apart from the Stripe
credentials'), since a code must be computed from it. Each code is accepted once: the step it
belongs to is recorded with a conditional UPDATE, so two sign-ins racing with one code cannot
both pass. Recovery codes carry 80 random bits, so a plain SHA-256 digest keeps them safe
without a slow hash, and each is spent by one conditional UPDATE too.
API keys never meet any of this: they are a server's credential, not a person's.
"""

import base64
import hashlib
import hmac
import secrets as random
from datetime import datetime

import pyotp
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from core.errors import AuthenticationFailed, Conflict, InvalidInput, PermissionDenied
from core.merchants.models import Merchant
from core.users.models import MerchantUser, RecoveryCode, UserTwoFactor

ISSUER = "Goodword"
RECOVERY_CODES = 10
# A code from the step before or after the current one is accepted: phone clocks drift, and a
# code typed in its last seconds arrives in the next step.
DRIFT_STEPS = 1
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


class TwoFactorInvalid(AuthenticationFailed):
    code = "two_factor_invalid"


def _fernet(secrets: list[bytes]) -> MultiFernet:
    if not secrets:
        raise ValueError("no credentials secret configured")
    return MultiFernet([
        Fernet(base64.urlsafe_b64encode(
            hmac.new(secret, b"goodword-two-factor", hashlib.sha256).digest()))
        for secret in reversed(secrets)
    ])


def _secret_of(record: UserTwoFactor, secrets: list[bytes]) -> str:
    try:
        return _fernet(secrets).decrypt(record.secret_sealed.encode("ascii")).decode()
    except InvalidToken as exc:
        raise TwoFactorInvalid(
            "This account's authenticator cannot be read: ask the owner to reset it.") from exc


def _record(session: Session, user: MerchantUser) -> UserTwoFactor | None:
    return session.get(UserTwoFactor, user.id)


def is_enabled(session: Session, *, user: MerchantUser) -> bool:
    record = _record(session, user)
    return record is not None and record.confirmed_at is not None


def is_required(session: Session, *, user: MerchantUser) -> bool:
    """Whether signing in as `user` takes a second step: their own choice or their merchant's."""
    if is_enabled(session, user=user):
        return True
    return session.get_one(Merchant, user.merchant_id).require_two_factor


def start_enrolment(session: Session, *, user: MerchantUser, secrets: list[bytes],
                    now: datetime) -> None:
    """A new secret for the user's app, waiting for a code to confirm it (replacing any
    enrolment left unfinished)."""
    record = _record(session, user)
    if record is not None and record.confirmed_at is not None:
        raise Conflict("Two-factor sign-in is already on.", code="two_factor_enabled")
    sealed = _fernet(secrets).encrypt(pyotp.random_base32().encode()).decode("ascii")
    if record is None:
        session.add(UserTwoFactor(user_id=user.id, merchant_id=user.merchant_id,
                                  secret_sealed=sealed, created_at=now))
    else:
        record.secret_sealed, record.last_step, record.created_at = sealed, None, now
    session.flush()


def pending_secret(session: Session, *, user: MerchantUser, secrets: list[bytes]) -> str | None:
    """The secret of an enrolment in progress, to show as a QR code; None when there is none."""
    record = _record(session, user)
    if record is None or record.confirmed_at is not None:
        return None
    return _secret_of(record, secrets)


def provisioning_uri(*, user: MerchantUser, secret: str, issuer: str = ISSUER) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def confirm_enrolment(session: Session, *, user: MerchantUser, code: str,
                      secrets: list[bytes], now: datetime) -> list[str]:
    """Turn two-factor sign-in on once a code from the app matches; returns the ten recovery
    codes, which exist in clear only in this return value."""
    record = _record(session, user)
    if record is None or record.confirmed_at is not None:
        raise InvalidInput("Start setting up two-factor sign-in first.", param="code")
    if not _spend_totp(session, record, code, secrets, now):
        raise InvalidInput("That code does not match: check the app's clock and try the "
                           "newest code.", param="code")
    record.confirmed_at = now
    return new_recovery_codes(session, user=user, now=now)


def new_recovery_codes(session: Session, *, user: MerchantUser, now: datetime) -> list[str]:
    """Ten fresh recovery codes; any earlier ones stop working."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["-".join("".join(random.choice(_RECOVERY_ALPHABET) for _ in range(4))
                      for _ in range(4)) for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, merchant_id=user.merchant_id,
                                 code_digest=_digest(code), created_at=now) for code in codes)
    session.flush()
    return codes


def recovery_codes_left(session: Session, *, user: MerchantUser) -> int:
    return session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def verify(session: Session, *, user: MerchantUser, code: str, secrets: list[bytes],
           now: datetime) -> str:
    """Check the second step of a sign-in: "totp" or "recovery_code", whichever matched and is
    now spent; TwoFactorInvalid otherwise."""
    record = _record(session, user)
    if record is None or record.confirmed_at is None:
        raise TwoFactorInvalid("Two-factor sign-in is not set up for this account.")
    if _spend_totp(session, record, code, secrets, now):
        return "totp"
    if _spend_recovery_code(session, user, code, now):
        return "recovery_code"
    raise TwoFactorInvalid("That code is not right, or was already used.")


def disable(session: Session, *, user: MerchantUser) -> None:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.execute(delete(UserTwoFactor).where(UserTwoFactor.user_id == user.id))


def set_required(session: Session, *, owner: MerchantUser, required: bool) -> Merchant:
    """The owner's choice for every user of their merchant. An owner turns it on only with
    their own second factor already on, so the choice never locks them out of this page."""
    if not owner.is_owner:
        raise PermissionDenied("Only the owner decides how everyone signs in.")
    if required and not is_enabled(session, user=owner):
        raise InvalidInput("Turn on two-factor sign-in for yourself first.", param="required")
    merchant = session.get_one(Merchant, owner.merchant_id)
    merchant.require_two_factor = required
    session.flush()
    return merchant


def _spend_totp(session: Session, record: UserTwoFactor, code: str, secrets: list[bytes],
                now: datetime) -> bool:
    code = "".join(code.split())
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    totp = pyotp.TOTP(_secret_of(record, secrets))
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            # Only a later step than any used before: a code seen over a shoulder or replayed
            # from a proxy log is worth nothing, even within its 30 seconds.
            spent = session.execute(
                update(UserTwoFactor)
                .where(UserTwoFactor.user_id == record.user_id,
                       (UserTwoFactor.last_step.is_(None)) | (UserTwoFactor.last_step < step))
                .values(last_step=step)
                .execution_options(synchronize_session=False)
            )
            session.refresh(record)
            return bool(spent.rowcount)  # type: ignore[attr-defined]
    return False


def _spend_recovery_code(session: Session, user: MerchantUser, code: str, now: datetime) -> bool:
    spent = session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_digest == _digest(code),
               RecoveryCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(spent.rowcount)  # type: ignore[attr-defined]


def _digest(code: str) -> str:
    """Spaces, dashes and case do not matter: people copy codes from paper."""
    normal = "".join(character for character in code.lower() if character.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()
