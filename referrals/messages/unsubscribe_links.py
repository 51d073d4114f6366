"""Unsubscribe links: an itsdangerous signature (salt "unsubscribe", HMAC-SHA256, secrets newest
last, verified against all) over the merchant's and member's ids only. They never expire: an
old email's link must still work (RFC 8058 one-click, and people read mail late)."""

import hashlib
from dataclasses import dataclass

from itsdangerous import BadData, URLSafeSerializer

from core.errors import NotFound
from core.ids import has_prefix

SALT = "unsubscribe"
_MAX_TOKEN_LENGTH = 512


class UnsubscribeLinkInvalid(NotFound):
    code = "unsubscribe_link_invalid"


@dataclass(frozen=True)
class UnsubscribeClaims:
    merchant_id: str
    promoter_id: str


def _serializer(secret_keys: list[str]) -> URLSafeSerializer:
    if not secret_keys:
        raise ValueError("signing unsubscribe links needs at least one secret key")
    return URLSafeSerializer(list(secret_keys), salt=SALT,
                             signer_kwargs={"digest_method": hashlib.sha256})


def sign(*, merchant_id: str, promoter_id: str, secret_keys: list[str]) -> str:
    token: str = _serializer(secret_keys).dumps({"m": merchant_id, "p": promoter_id})
    return token


def read(token: str, *, secret_keys: list[str]) -> UnsubscribeClaims:
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        raise UnsubscribeLinkInvalid("This unsubscribe link is not valid.")
    try:
        claims = _serializer(secret_keys).loads(token)
    except BadData as exc:
        raise UnsubscribeLinkInvalid("This unsubscribe link is not valid.") from exc
    if not (isinstance(claims, dict) and has_prefix(claims.get("m"), "mer")
            and has_prefix(claims.get("p"), "pro")):
        raise UnsubscribeLinkInvalid("This unsubscribe link is not valid.")
    return UnsubscribeClaims(claims["m"], claims["p"])
