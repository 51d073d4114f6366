"""Bearer-key authentication: secret keys for /v1, publishable keys only where a widget may call."""

import re

from flask import g, request

from api.request.context import digest_secret, now
from api.request.errors import ApiError
from core.db import db
from core.merchants import keys

# Every key Goodword issues is `sk_` or `pk_`, its mode, and 32 letters and digits.
_KEY_TEXT = re.compile(r"[A-Za-z0-9_]{1,128}")


def presented_key() -> str | None:
    """The request's bearer key, normalised (spaces and tabs around it dropped), or None.

    A key carrying any other character (`\\x85`, a no-break space, a space inside) is refused
    here rather than trimmed: str.strip() would drop Unicode spaces and still authenticate it,
    while the rate limiter, which names a bucket after the text, saw a new key each time.
    """
    scheme, _, raw_key = request.headers.get("Authorization", "").partition(" ")
    raw_key = raw_key.strip(" \t")
    if scheme.lower() != "bearer" or not raw_key:
        return None
    if not _KEY_TEXT.fullmatch(raw_key):
        raise ApiError(
            401, "invalid_api_key",
            "An API key holds only letters, digits and underscores: copy it again, without "
            "the spaces or invisible characters around it.",
            headers={"WWW-Authenticate": 'Bearer realm="goodword"'},
        )
    return raw_key


def require_key(*kinds: str) -> None:
    """Authenticate the request with an API key of one of `kinds`, or stop it with 401/403."""
    raw_key = presented_key()
    if raw_key is None:
        raise ApiError(
            401,
            "missing_api_key",
            "No API key provided. Send 'Authorization: Bearer sk_test_...'.",
            headers={"WWW-Authenticate": 'Bearer realm="goodword"'},
        )
    api_key = keys.authenticate(
        db.session, raw_key=raw_key, digest_secret=digest_secret(), now=now()
    )
    if api_key.kind not in kinds:
        if "secret" in kinds:
            raise ApiError(
                403,
                "secret_key_required",
                "This route needs a secret key (sk_...); "
                "publishable keys may only call the widget API.",
            )
        raise ApiError(
            403,
            "publishable_key_required",
            "The widget API takes a publishable key (pk_...); keep secret keys on your server.",
        )
    g.api_key = api_key
    g.merchant = api_key.merchant
