"""Transaction-scoped advisory locks on business keys: for a check that counts or looks for rows
before inserting one, where there is no row yet to lock with FOR UPDATE and no constraint can
say the rule (a daily limit, "the first signup on a click is approved, later ones are held")."""

import hashlib
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_keys(session: Session, keys: Iterable[str]) -> None:
    """Wait for, then hold until the transaction ends, a lock on each key (PostgreSQL).

    The locks are taken in ascending order of their numbers whatever order the keys come in,
    so two transactions needing overlapping keys queue for the lowest one they share instead of
    each holding what the other waits for. On SQLite nothing is done: it runs one writer at a
    time, and a second writer that read before the first committed fails rather than decides.
    """
    numbers = sorted({key_number(key) for key in keys})
    if not numbers or session.get_bind().dialect.name != "postgresql":
        return
    # One round trip: unnest reads the array out in its order, and each row takes its lock
    # before the next row is read.
    session.execute(
        text("SELECT pg_advisory_xact_lock(key) FROM unnest(CAST(:keys AS bigint[])) AS key"),
        {"keys": numbers},
    )


def key_number(key: str) -> int:
    """The signed 64-bit number PostgreSQL locks for `key`. Two keys sharing a number (about
    one chance in 10^19 per pair) only make two unrelated transactions wait for each other."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
