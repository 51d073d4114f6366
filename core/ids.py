"""Public ids: a type prefix and 26 Crockford base32 characters that sort by creation time."""

import os
import threading
import time
from datetime import datetime

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_PAIRS = [high + low for high in _ALPHABET for low in _ALPHABET]  # 10 bits -> 2 characters

PREFIXES = frozenset(
    {
        "mer", "key", "pro", "ref", "clk", "shr", "ord", "txn", "rdm", "evt", "rul", "tir",
        "whe", "rwd", "rfd", "wss", "fbk", "usr", "whd", "evd", "act", "occ", "crw", "msg",
    }
)


_POOL_BYTES = 4096


class _RandomPool(threading.local):
    """Each thread's store of bytes from os.urandom, read 4 KiB at a time.

    os.urandom is a system call that lets go of the GIL; on a busy server every release and
    re-take of the GIL costs context switches, so the hot paths (a click makes a click id and a
    visitor id) take their bytes from here: the same source, one call per 4 KiB. Cleared in a
    forked child, so two processes never hand out the same bytes.
    """

    def __init__(self) -> None:
        self.buffer = b""
        self.offset = 0


_pool = _RandomPool()


def random_bytes(count: int) -> bytes:
    """`count` bytes from the operating system's CSPRNG, as os.urandom gives them."""
    pool = _pool
    if pool.offset + count > len(pool.buffer):
        pool.buffer = os.urandom(max(_POOL_BYTES, count))
        pool.offset = 0
    start = pool.offset
    pool.offset = start + count
    return pool.buffer[start:start + count]


def _forget_pool() -> None:
    global _pool
    _pool = _RandomPool()


os.register_at_fork(after_in_child=_forget_pool)


def new_id(prefix: str, *, at: datetime | None = None) -> str:
    """A new id such as `pro_01jc...`: 48 bits of milliseconds then 80 random bits.

    `at` backdates the milliseconds, so rows written for a past moment (seeding) still sort
    by their creation time.
    """
    if prefix not in PREFIXES:
        raise ValueError(f"unknown id prefix {prefix!r}")
    millis = int(at.timestamp() * 1000) if at is not None else time.time_ns() // 1_000_000
    value = millis << 80 | int.from_bytes(random_bytes(10), "big")
    pairs = []
    for _ in range(13):  # 26 characters, two (10 bits) at a time
        value, pair = divmod(value, 1024)
        pairs.append(_PAIRS[pair])
    return f"{prefix}_{''.join(reversed(pairs))}"


def has_prefix(public_id: object, prefix: str) -> bool:
    return isinstance(public_id, str) and public_id.startswith(prefix + "_")
