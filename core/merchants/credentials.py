"""Merchant credentials for other services (Stripe), encrypted at rest.

Fernet (AES-128-CBC with HMAC-SHA256) under keys derived from CREDENTIALS_SECRETS, newest last:
sealing uses the newest, opening tries all, so the secret can be rotated by adding a new one and
re-saving the credentials. The plaintext lives only in memory, for the call that needs it.
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from core.errors import InvalidInput


class StripeNotConnected(InvalidInput):
    code = "stripe_not_connected"


class CredentialsUnreadable(Exception):
    """Sealed under a secret that is no longer configured: the merchant must connect again."""


def _fernet(secrets: list[bytes]) -> MultiFernet:
    if not secrets:
        raise ValueError("no credentials secret configured")
    keys = [
        Fernet(base64.urlsafe_b64encode(
            hmac.new(secret, b"goodword-merchant-credentials", hashlib.sha256).digest()
        ))
        for secret in reversed(secrets)
    ]
    return MultiFernet(keys)


def seal(plaintext: str, *, secrets: list[bytes]) -> str:
    return _fernet(secrets).encrypt(plaintext.encode()).decode("ascii")


def unseal(sealed: str, *, secrets: list[bytes]) -> str:
    try:
        return _fernet(secrets).decrypt(sealed.encode("ascii")).decode()
    except InvalidToken as exc:
        raise CredentialsUnreadable("stored credentials cannot be decrypted") from exc
