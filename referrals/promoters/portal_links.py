"""Promoter portal links: a signed, expiring URL that shows one promoter their rewards.

An itsdangerous signature (salt "portal-session", HMAC-SHA256, secrets newest last, verified
against all) over the merchant's and promoter's ids only. Whoever holds the link sees that
promoter's portal for an hour, so the merchant's server mints it just before sending the
promoter there (signed in on the shop, or by email), never into a page that lives long.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from core.errors import AuthenticationFailed
from core.ids import has_prefix
from referrals.links.service import ClockedSigner

SALT = "portal-session"
LIFETIME = timedelta(hours=1)
_MAX_TOKEN_LENGTH = 512


class PortalLinkInvalid(AuthenticationFailed):
    code = "portal_link_invalid"


class PortalLinkExpired(AuthenticationFailed):
    code = "portal_link_expired"


class PortalClosed(AuthenticationFailed):
    """A good link of a promoter who may not redeem (blocked or erased:
    rewards.earning.standing)."""

    code = "portal_closed"


@dataclass(frozen=True)
class PortalClaims:
    merchant_id: str
    promoter_id: str


def _serializer(secret_keys: list[str], now: datetime) -> URLSafeTimedSerializer:
    if not secret_keys:
        raise ValueError("signing portal links needs at least one secret key")
    return URLSafeTimedSerializer(
        list(secret_keys), salt=SALT, signer=ClockedSigner,
        signer_kwargs={"digest_method": hashlib.sha256, "now": now},
    )


def sign(*, merchant_id: str, promoter_id: str, now: datetime, secret_keys: list[str]
         ) -> tuple[str, datetime]:
    """The token and when it stops working."""
    token = _serializer(secret_keys, now).dumps({"m": merchant_id, "p": promoter_id})
    return token, now + LIFETIME


def read(token: str, *, now: datetime, secret_keys: list[str]) -> PortalClaims:
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        raise PortalLinkInvalid("This portal link is not valid.")
    try:
        claims = _serializer(secret_keys, now).loads(
            token, max_age=int(LIFETIME.total_seconds())
        )
    except SignatureExpired as exc:
        raise PortalLinkExpired("This portal link has expired.") from exc
    except BadData as exc:
        raise PortalLinkInvalid("This portal link is not valid.") from exc
    if not (isinstance(claims, dict) and has_prefix(claims.get("m"), "mer")
            and has_prefix(claims.get("p"), "pro")):
        raise PortalLinkInvalid("This portal link is not valid.")
    return PortalClaims(claims["m"], claims["p"])
