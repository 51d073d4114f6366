"""Password hashes are slow on purpose (scrypt, about 0.1 s of CPU each), which makes sign-in a
lever on the CPU for anyone who can reach it. Every hash computed or checked runs here, under a
small cap per process: a sign-in that cannot get a slot within a short wait is refused (503,
try again), never queued, so a flood of attempts holds at most `concurrency` hashes at once.

The hashes run on this process's own hashing threads, at the lowest CPU priority (nice 19, on
Linux): when API requests want the CPU they get it first, and sign-ins take what is left, at
full speed on an idle machine.

Unknown emails are checked against a dummy hash with the same parameters, under the same cap:
they cost what a wrong password costs, and their answer comes as late.
"""

import logging
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from werkzeug.security import check_password_hash, generate_password_hash

from core.errors import Unavailable

# Made once at import, outside the cap: the parameters are werkzeug's, as every real hash's.
DUMMY_HASH = generate_password_hash("goodword-no-such-user")


class PasswordChecksBusy(Unavailable):
    code = "sign_in_busy"


log = logging.getLogger(__name__)
Answer = TypeVar("Answer")
LOWEST_PRIORITY = 19


def _lower_priority() -> None:
    """Make the calling thread (a hashing thread) the last the kernel runs when busy."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)
    except (AttributeError, OSError):  # not Linux: the cap alone bounds the cost
        log.debug("could not lower the hashing threads' priority")


@dataclass
class _Cap:
    concurrency: int
    wait_seconds: float
    slots: threading.BoundedSemaphore = field(init=False)
    # Made in the process that hashes (servers fork their workers after importing the app).
    threads: ThreadPoolExecutor | None = field(default=None, init=False)
    owner_pid: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(self.concurrency)

    def run(self, work: Callable[[], Answer]) -> Answer:
        if self.threads is None or self.owner_pid != os.getpid():
            self.threads = ThreadPoolExecutor(self.concurrency, "password-hash",
                                              initializer=_lower_priority)
            self.owner_pid = os.getpid()
        return self.threads.submit(work).result()


_cap = _Cap(1, 1.0)
_cap_lock = threading.Lock()


def set_cap(*, concurrency: int, wait_seconds: float) -> None:
    """At most `concurrency` hashes at once in this process; wait this long for a slot."""
    global _cap
    with _cap_lock:
        replaced, _cap = _cap, _Cap(max(1, concurrency), max(0.0, wait_seconds))
    if replaced.threads is not None:
        replaced.threads.shutdown(wait=False)  # a hash under way still finishes


@contextmanager
def hash_slot() -> Iterator[_Cap]:
    """One of the process's hashing slots, or PasswordChecksBusy after the wait."""
    cap = _cap  # release the semaphore that was taken, even if set_cap replaced it meanwhile
    if not cap.slots.acquire(timeout=cap.wait_seconds):
        raise PasswordChecksBusy("Too many sign-ins are being checked right now; "
                                 "try again in a moment.")
    try:
        yield cap
    finally:
        cap.slots.release()


def matches(password_hash: str, password: str) -> bool:
    with hash_slot() as cap:
        return cap.run(lambda: check_password_hash(password_hash, password))


def matches_none(password: str) -> bool:
    """The cost of a wrong password, for an email with no account; always False."""
    matches(DUMMY_HASH, password)
    return False


def hashed(password: str) -> str:
    with hash_slot() as cap:
        return cap.run(lambda: generate_password_hash(password))
