"""Widget sessions: the shop's server names one order's buyer; the page gets a signed token.

The token is an itsdangerous signature (salt "widget-session", HMAC-SHA256, secrets newest last)
over two ids, the merchant's and the session row's. The buyer's name and email never travel in
it: they wait in the row, so a publishable key plus a token can enrol exactly that one buyer of
that one merchant, and a publishable key alone can enrol nobody.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from core.ids import has_prefix, new_id
from referrals.errors import WidgetSessionExpired, WidgetSessionInvalid
from referrals.links.service import ClockedSigner
from referrals.widget.models import WidgetSession

SALT = "widget-session"
DEFAULT_LIFETIME = timedelta(hours=24)
# The longest a shop may ask for: an order-confirmation page is looked at for days, not months.
MAX_LIFETIME = timedelta(days=7)
_MAX_TOKEN_LENGTH = 512


@dataclass(frozen=True)
class IssuedSession:
    session: WidgetSession
    token: str


def _serializer(secret_keys: list[str], now: datetime) -> URLSafeTimedSerializer:
    if not secret_keys:
        raise ValueError("signing widget sessions needs at least one secret key")
    return URLSafeTimedSerializer(
        list(secret_keys), salt=SALT, signer=ClockedSigner,
        signer_kwargs={"digest_method": hashlib.sha256, "now": now},
    )


def create_session(
    session: Session,
    *,
    merchant_id: str,
    customer_external_id: str,
    now: datetime,
    secret_keys: list[str],
    customer_email: str | None = None,
    customer_name: str | None = None,
    order_id: str | None = None,
    lifetime: timedelta = DEFAULT_LIFETIME,
) -> IssuedSession:
    """A session for one order's buyer and the token the confirmation page embeds."""
    lifetime = min(lifetime, MAX_LIFETIME)
    row = WidgetSession(
        id=new_id("wss"),
        merchant_id=merchant_id,
        customer_external_id=customer_external_id,
        customer_email=customer_email.strip().lower() if customer_email else None,
        customer_name=customer_name,
        order_id=order_id,
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    session.flush()
    token = _serializer(secret_keys, now).dumps({"m": merchant_id, "s": row.id})
    return IssuedSession(row, token)


def open_session(
    session: Session, *, merchant_id: str, token: str | None, secret_keys: list[str],
    now: datetime,
) -> WidgetSession:
    """The live session `token` names for this merchant, or WidgetSessionInvalid/Expired."""
    if not token:
        raise WidgetSessionInvalid(
            "No widget session given. Mint one on your server with POST /v1/widget_sessions "
            "and put its token in the script tag's data-session.", code="widget_session_missing"
        )
    if len(token) > _MAX_TOKEN_LENGTH:
        raise WidgetSessionInvalid("This widget session token is not valid.")
    try:
        claims = _serializer(secret_keys, now).loads(
            token, max_age=int(MAX_LIFETIME.total_seconds())
        )
    except SignatureExpired:
        raise WidgetSessionExpired("This widget session has expired.") from None
    except BadData:
        raise WidgetSessionInvalid("This widget session token is not valid.") from None
    session_id = claims.get("s") if isinstance(claims, dict) else None
    row = session.get(WidgetSession, session_id) if has_prefix(session_id, "wss") else None
    # Another merchant's genuine token is as useless here as a forged one, and says so alike.
    if row is None or row.merchant_id != merchant_id or claims.get("m") != merchant_id:
        raise WidgetSessionInvalid("This widget session token is not valid.")
    if now >= row.expires_at:
        raise WidgetSessionExpired("This widget session has expired.")
    return row
