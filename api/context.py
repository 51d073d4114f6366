"""What a request knows: the calling merchant and key, the clock, the key-digest secret."""

from datetime import datetime

from flask import current_app, g

from core.merchants.models import ApiKey, Merchant


def now() -> datetime:
    return current_app.extensions["goodword_clock"].now()


def digest_secret() -> bytes:
    return current_app.config["API_KEY_DIGEST_SECRET"]


def current_merchant() -> Merchant:
    return g.merchant


def current_key() -> ApiKey:
    return g.api_key
