"""What a request knows: the calling merchant and key, the clock, the key-digest secret."""

import functools
import hashlib
import hmac
from datetime import datetime

from flask import current_app, g

from core.db import db
from core.merchants.models import ApiKey, Merchant


def now() -> datetime:
    return current_app.extensions["goodword_clock"].now()


def digest_secret() -> bytes:
    return current_app.config["API_KEY_DIGEST_SECRET"]


def current_merchant() -> Merchant:
    return g.merchant


def current_key() -> ApiKey:
    return g.api_key


def secret_keys() -> list[str]:
    """Signing secrets, newest last."""
    return current_app.config["GOODWORD_SECRET_KEYS"]


def ip_hash_secret() -> bytes:
    # Derived from the key-digest secret, which never rotates (rotating it would invalidate every
    # API key), so one address hashes the same for as long as fraud checks compare it.
    return _derived_ip_hash_secret(digest_secret())


@functools.lru_cache(maxsize=4)
def _derived_ip_hash_secret(digest: bytes) -> bytes:
    # Every click needs it: derived once per secret, not once per click.
    return hmac.new(digest, b"click-ip-hash", hashlib.sha256).digest()


def disposable_domains() -> frozenset[str]:
    return current_app.extensions["goodword_disposable_domains"]


def credentials_secrets() -> list[bytes]:
    """Secrets that seal merchants' Stripe credentials, newest last."""
    return current_app.config["CREDENTIALS_SECRETS"]


def stripe_api_base() -> str | None:
    return current_app.config["STRIPE_API_BASE"]


def production() -> bool:
    """Production rules apply (e.g. webhook endpoints must be https and public)."""
    return current_app.config["GOODWORD_ENV"] == "production"


def group_commit_writer(setting: str, make):
    """The app's group-commit writer named by `setting` (CLICK_GROUP_COMMIT), made once with
    `make(engine)`; None when the setting is off or the database is not PostgreSQL (SQLite takes
    one writer at a time anyway)."""
    name = f"goodword_{setting.lower()}_writer"
    writer = current_app.extensions.get(name)
    if writer is None:
        wanted = current_app.config[setting] and db.engine.dialect.name == "postgresql"
        writer = current_app.extensions.setdefault(name, make(db.engine) if wanted else False)
    return writer or None
