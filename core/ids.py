"""Public ids: a type prefix and 26 Crockford base32 characters that sort by creation time."""

import os
import time
from datetime import datetime

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"

PREFIXES = frozenset(
    {
        "mer", "key", "pro", "ref", "clk", "shr", "ord", "txn", "rdm", "evt", "rul", "tir",
        "whe", "rwd", "rfd", "wss", "fbk", "usr", "whd",
    }
)


def new_id(prefix: str, *, at: datetime | None = None) -> str:
    """A new id such as `pro_01jc...`: 48 bits of milliseconds then 80 random bits.

    `at` backdates the milliseconds, so rows written for a past moment (seeding) still sort
    by their creation time.
    """
    if prefix not in PREFIXES:
        raise ValueError(f"unknown id prefix {prefix!r}")
    millis = int(at.timestamp() * 1000) if at is not None else time.time_ns() // 1_000_000
    value = millis << 80 | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return f"{prefix}_{''.join(reversed(chars))}"


def has_prefix(public_id: str, prefix: str) -> bool:
    return isinstance(public_id, str) and public_id.startswith(prefix + "_")
