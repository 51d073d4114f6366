"""Signed referral links: which promoter of which merchant a click came from, and nothing else.

A link is an itsdangerous token (salt "referral-link", HMAC-SHA256) over a compact payload of
ids: merchant `m`, promoter `p`, and optionally campaign `c` and channel `ch`. No name or email
ever goes in, because links are pasted into public posts and a payload is only signed, not
encrypted. The secrets come in as a list, newest last: links are signed with the newest and
verified with all of them, so rotating the secret never breaks a link already shared.

Links do not expire unless the deployment sets a maximum age: a link in a years-old blog post
should still send its reader to the shop. The signing time is taken from the injectable clock so
tests (and a configured maximum age) see the same time as every other rule.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from core.ids import has_prefix
from referrals.errors import InvalidLinkOption
from referrals.links.channels import CHANNELS

SALT = "referral-link"
_CAMPAIGN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# A token is base64 payload, timestamp and signature joined by dots; a code never has a dot.
_SEPARATOR = "."
_MAX_TOKEN_LENGTH = 512


@dataclass(frozen=True)
class LinkClaims:
    """What a link says about its click once read; `problem` says why it cannot be trusted."""

    merchant_id: str | None
    promoter_id: str | None
    campaign: str | None = None
    channel: str | None = None
    # None for a good link, else "tampered" or "expired".
    problem: str | None = None


class ClockedSigner(TimestampSigner):
    """A timestamp signer that reads Goodword's clock instead of time.time()."""

    def __init__(self, *args, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._now = now

    def get_timestamp(self) -> int:
        return int(self._now.timestamp())


def _serializer(secret_keys: list[str], now: datetime) -> URLSafeTimedSerializer:
    if not secret_keys:
        raise ValueError("signing referral links needs at least one secret key")
    return URLSafeTimedSerializer(
        list(secret_keys),
        salt=SALT,
        signer=ClockedSigner,
        signer_kwargs={"digest_method": hashlib.sha256, "now": now},
    )


def sign_link(
    *,
    secret_keys: list[str],
    merchant_id: str,
    promoter_id: str,
    now: datetime,
    campaign: str | None = None,
    channel: str | None = None,
) -> str:
    """The token of a referral link for this promoter, signed with the newest secret."""
    claims: dict[str, str] = {"m": merchant_id, "p": promoter_id}
    if campaign is not None:
        if not _CAMPAIGN.match(campaign):
            raise InvalidLinkOption(
                "A campaign is 1 to 64 letters, digits, '.', '-' or '_'.", param="campaign"
            )
        claims["c"] = campaign
    if channel is not None:
        if channel not in CHANNELS:
            raise InvalidLinkOption(
                f"channel must be one of {', '.join(CHANNELS)}.", param="channel"
            )
        claims["ch"] = channel
    return _serializer(secret_keys, now).dumps(claims)


def looks_like_token(link: str) -> bool:
    """Tokens and codes share the /r/ path; only a token contains a dot."""
    return _SEPARATOR in link


def read_link(
    token: str,
    *,
    secret_keys: list[str],
    now: datetime,
    max_age: timedelta | None = None,
) -> LinkClaims:
    """The claims of a token, never raising: a bad token comes back with its `problem` set.

    A tampered token's merchant id is still read (unverified) so the shopper can be sent to that
    merchant's configured shop: the redirect target is the merchant's own setting, never
    anything the token chose, so trusting the id that far is harmless.
    """
    serializer = _serializer(secret_keys, now)
    if len(token) > _MAX_TOKEN_LENGTH:
        return LinkClaims(None, None, problem="tampered")
    try:
        claims = serializer.loads(
            token, max_age=int(max_age.total_seconds()) if max_age is not None else None
        )
    except SignatureExpired as expired:
        # The signature is genuine, only old: its ids can be trusted for the record.
        return _claims(_payload(serializer, expired.payload), problem="expired")
    except BadData:  # a wrong signature, or a signed payload that does not decode
        _, claims = serializer.loads_unsafe(token)
        return LinkClaims(_merchant_only(claims), None, problem="tampered")
    parsed = _claims(claims, problem=None)
    if parsed.merchant_id is None or parsed.promoter_id is None:
        return LinkClaims(parsed.merchant_id, None, problem="tampered")
    return parsed


def _payload(serializer: URLSafeTimedSerializer, raw: bytes | None):
    if raw is None:
        return None
    try:
        return serializer.load_payload(raw)
    except BadData:
        return None


def _claims(claims, *, problem: str | None) -> LinkClaims:
    if not isinstance(claims, dict):
        return LinkClaims(None, None, problem="tampered")
    campaign = claims.get("c")
    channel = claims.get("ch")
    return LinkClaims(
        merchant_id=_merchant_only(claims),
        promoter_id=claims["p"] if _is_id(claims.get("p"), "pro") else None,
        campaign=campaign if isinstance(campaign, str) and _CAMPAIGN.match(campaign) else None,
        channel=channel if channel in CHANNELS else None,
        problem=problem,
    )


def _merchant_only(claims) -> str | None:
    if isinstance(claims, dict) and _is_id(claims.get("m"), "mer"):
        return claims["m"]
    return None


def _is_id(value, prefix: str) -> bool:
    return isinstance(value, str) and len(value) <= 40 and has_prefix(value, prefix)
