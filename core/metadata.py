"""Stripe-shaped `metadata`: the merchant's own string keys and values on an object (their CRM
id, a campaign name), kept and returned as sent and never read by Goodword.

Limits are Stripe's: 50 keys, keys up to 40 characters without square brackets, values up to
500 characters. An update merges: a key sent with "" is removed, keys not sent are kept."""

from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column

from core.errors import InvalidInput

MAX_KEYS = 50
MAX_KEY_LENGTH = 40
MAX_VALUE_LENGTH = 500


class HasMetadata:
    """Mixed into a model: its `metadata` column (`metadata_` in Python, as SQLAlchemy keeps
    `metadata` for itself)."""

    metadata_: Mapped[dict[str, str]] = mapped_column("metadata", JSON, default=dict)


def merged(current: dict[str, str], changes: dict[str, str]) -> dict[str, str]:
    """`current` with `changes` applied, checked against the limits."""
    result = dict(current)
    for key, value in changes.items():
        if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY_LENGTH or "[" in key or (
                "]" in key):
            raise InvalidInput(f"Metadata keys are 1 to {MAX_KEY_LENGTH} characters without "
                               "square brackets.", param=f"metadata[{key}]")
        if not isinstance(value, str) or len(value) > MAX_VALUE_LENGTH:
            raise InvalidInput(f"Metadata values are text of at most {MAX_VALUE_LENGTH} "
                               "characters (\"\" removes the key).", param=f"metadata[{key}]")
        if value == "":
            result.pop(key, None)
        else:
            result[key] = value
    if len(result) > MAX_KEYS:
        raise InvalidInput(f"An object holds at most {MAX_KEYS} metadata keys.", param="metadata")
    return result


def update(target: HasMetadata, changes: dict[str, str] | None) -> None:
    """Apply `changes` (None: nothing sent) to the object's metadata, in the caller's unit of
    work."""
    if changes is not None:
        target.metadata_ = merged(target.metadata_ or {}, changes)
