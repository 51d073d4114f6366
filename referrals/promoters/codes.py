"""Referral codes: short, readable aloud, unique per merchant without regard to case."""

import re
import secrets
import unicodedata

from referrals.errors import InvalidCode

# No 0/O, 1/I/L: a code read from a screen or spoken on a podcast survives the trip.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_VANITY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$")


def generated_code(name: str | None) -> str:
    """Up to six letters of the first name, then four random characters: ANA7K3P."""
    letters = ""
    if name:
        first = unicodedata.normalize("NFKD", name.split()[0] if name.split() else "")
        letters = "".join(ch for ch in first if ch.isascii() and ch.isalpha())[:6].upper()
    random_part = "".join(secrets.choice(_ALPHABET) for _ in range(4 if letters else 8))
    return letters + random_part


def vanity_code(code: str) -> str:
    code = code.strip()
    if not _VANITY.match(code):
        raise InvalidCode(
            "A code is 3 to 32 letters, digits, '-' or '_', starting with a letter or digit.",
            param="code",
        )
    return code


def code_key(code: str) -> str:
    return code.lower()
