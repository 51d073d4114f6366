"""API keys: issued once in full, stored as HMAC digests, looked up by digest, rolled, revoked."""

import hashlib
import hmac
import secrets
import string
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from core.errors import AuthenticationFailed, InvalidInput, NotFound
from core.ids import new_id
from core.merchants.models import ApiKey, Merchant
from core.pagination import page

_KEY_ALPHABET = string.ascii_letters + string.digits
_PREFIXES = {"secret": "sk", "publishable": "pk"}


def digest_key(raw_key: str, *, digest_secret: bytes) -> str:
    return hmac.new(digest_secret, raw_key.encode(), hashlib.sha256).hexdigest()


def issue_key(
    session: Session,
    *,
    merchant: Merchant,
    kind: str,
    mode: str,
    digest_secret: bytes,
    now: datetime,
) -> tuple[ApiKey, str]:
    """Create a key and return it with its full text, which is never retrievable again."""
    if kind not in _PREFIXES:
        raise InvalidInput(f"key kind must be secret or publishable, not {kind!r}", param="kind")
    if mode not in ("test", "live"):
        raise InvalidInput(f"key mode must be test or live, not {mode!r}", param="mode")
    body = "".join(secrets.choice(_KEY_ALPHABET) for _ in range(32))
    raw_key = f"{_PREFIXES[kind]}_{mode}_{body}"
    api_key = ApiKey(
        id=new_id("key"),
        merchant=merchant,
        kind=kind,
        mode=mode,
        digest=digest_key(raw_key, digest_secret=digest_secret),
        redacted=f"{_PREFIXES[kind]}_{mode}_...{body[-4:]}",
        created_at=now,
    )
    session.add(api_key)
    session.flush()
    return api_key, raw_key


def authenticate(
    session: Session, *, raw_key: str, digest_secret: bytes, now: datetime
) -> ApiKey:
    """The usable key with this text, its merchant loaded, in one query."""
    api_key = session.scalars(
        select(ApiKey)
        .options(joinedload(ApiKey.merchant))
        .where(ApiKey.digest == digest_key(raw_key, digest_secret=digest_secret))
    ).one_or_none()
    if api_key is None:
        raise AuthenticationFailed("Invalid API key provided.")
    if api_key.revoked_at is not None:
        raise AuthenticationFailed("This API key has been revoked.", code="api_key_revoked")
    if not api_key.is_usable(now):
        raise AuthenticationFailed("This API key has expired.", code="api_key_expired")
    return api_key


def get_key(session: Session, *, key_id: str) -> ApiKey:
    api_key = session.get(ApiKey, key_id)
    if api_key is None:
        raise NotFound(f"No such API key: {key_id!r}", param="key")
    return api_key


def roll_key(
    session: Session,
    *,
    key_id: str,
    digest_secret: bytes,
    now: datetime,
    grace: timedelta = timedelta(0),
) -> tuple[ApiKey, str]:
    """Replace a key with a new one of the same kind; the old one stops working after `grace`."""
    old = get_key(session, key_id=key_id)
    if not old.is_usable(now):
        raise InvalidInput("A revoked or expired key cannot be rolled.", param="key")
    if grace < timedelta(0) or grace > timedelta(days=7):
        raise InvalidInput("The grace period must be between 0 and 7 days.", param="grace")
    old.expires_at = now + grace
    return issue_key(
        session,
        merchant=old.merchant,
        kind=old.kind,
        mode=old.mode,
        digest_secret=digest_secret,
        now=now,
    )


def revoke_key(session: Session, *, key_id: str, now: datetime) -> ApiKey:
    api_key = get_key(session, key_id=key_id)
    if api_key.revoked_at is None:
        api_key.revoked_at = now
    session.flush()
    return api_key


def list_keys(
    session: Session, *, merchant_id: str, limit: int, starting_after: str | None = None,
    ending_before: str | None = None
) -> tuple[list[ApiKey], bool]:
    return page(
        session,
        select(ApiKey).where(ApiKey.merchant_id == merchant_id),
        id_column=ApiKey.id,
        prefix="key",
        limit=limit,
        starting_after=starting_after, ending_before=ending_before,
    )
