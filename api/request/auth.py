"""Bearer-key authentication: secret keys for /v1, publishable keys only where a widget may call."""

from flask import g, request

from api.request.context import digest_secret, now
from api.request.errors import ApiError
from core.db import db
from core.merchants import keys


def require_key(*kinds: str) -> None:
    """Authenticate the request with an API key of one of `kinds`, or stop it with 401/403."""
    scheme, _, raw_key = request.headers.get("Authorization", "").partition(" ")
    raw_key = raw_key.strip()
    if scheme.lower() != "bearer" or not raw_key:
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
