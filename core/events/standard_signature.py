"""Standard Webhooks signatures (https://www.standardwebhooks.com), beside Goodword's own.

Every delivery carries `webhook-id` (the event id: the same on every retry and redelivery, so a
receiver can drop repeats), `webhook-timestamp` (unix seconds) and `webhook-signature`:
`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per signing secret (two during a
rotation's grace period), separated by spaces. The HMAC key is the base64-decoded part of the
`whsec_` secret, so the `standardwebhooks` and `svix` libraries verify deliveries unchanged.

Secrets made before this scheme are `whsec_` + URL-safe base64 without padding; they are
decoded as such, so they sign both schemes too (a receiver that wants the library rotates the
secret, or re-encodes it: see the webhooks guide).
"""

import base64
import binascii
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_signing_secret() -> str:
    """`whsec_` + standard base64 of 32 random bytes, the format the libraries expect."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signing_key(secret: str) -> bytes:
    """The HMAC key of a `whsec_` secret: its base64 part decoded (standard alphabet; the
    URL-safe alphabet of older secrets otherwise)."""
    encoded = secret.removeprefix(PREFIX)
    try:
        return base64.b64decode(encoded, validate=True)
    except binascii.Error:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))


def headers(*, message_id: str, timestamp: int, body: bytes,
            secrets: tuple[str, ...]) -> dict[str, str]:
    """The three Standard Webhooks headers for one delivery."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    signatures = [
        "v1," + base64.b64encode(
            hmac.new(signing_key(secret), signed, hashlib.sha256).digest()).decode()
        for secret in secrets
    ]
    return {"webhook-id": message_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": " ".join(signatures)}
