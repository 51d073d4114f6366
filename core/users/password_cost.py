"""Password hashes are slow on purpose (scrypt, about 0.1 s of CPU each), which makes sign-in a
lever on the CPU for anyone who can reach it. Every hash computed or checked runs here, under a
small cap per process: a sign-in that cannot get a slot within a short wait is refused (503,
try again), never queued, so a flood of attempts takes at most `concurrency` cores' worth of
time from a process and the API keeps the rest.

Unknown emails are checked against a dummy hash with the same parameters, under the same cap:
they cost what a wrong password costs, and their answer comes as late.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from core.errors import Unavailable

# Made once at import, outside the cap: the parameters are werkzeug's, as every real hash's.
DUMMY_HASH = generate_password_hash("goodword-no-such-user")


class PasswordChecksBusy(Unavailable):
    code = "sign_in_busy"


@dataclass
class _Cap:
    slots: threading.BoundedSemaphore
    wait_seconds: float


_cap = _Cap(threading.BoundedSemaphore(1), 2.0)


def set_cap(*, concurrency: int, wait_seconds: float) -> None:
    """At most `concurrency` hashes at once in this process; wait this long for a slot."""
    global _cap
    _cap = _Cap(threading.BoundedSemaphore(max(1, concurrency)), max(0.0, wait_seconds))


@contextmanager
def hash_slot() -> Iterator[None]:
    """One of the process's hashing slots, or PasswordChecksBusy after the wait."""
    cap = _cap  # release the semaphore that was taken, even if set_cap replaced it meanwhile
    if not cap.slots.acquire(timeout=cap.wait_seconds):
        raise PasswordChecksBusy("Too many sign-ins are being checked right now; "
                                 "try again in a moment.")
    try:
        yield
    finally:
        cap.slots.release()


def matches(password_hash: str, password: str) -> bool:
    with hash_slot():
        return check_password_hash(password_hash, password)


def matches_none(password: str) -> bool:
    """The cost of a wrong password, for an email with no account; always False."""
    matches(DUMMY_HASH, password)
    return False


def hashed(password: str) -> str:
    with hash_slot():
        return generate_password_hash(password)
