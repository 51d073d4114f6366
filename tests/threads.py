"""The end of every threaded test: its threads (or an executor's calls) finished in time.

A test that judged a race on the answers of threads still running would pass on half a race,
and one that joined without a timeout would hang the suite on a deadlock instead of failing.
"""

import threading
from collections.abc import Iterable
from concurrent import futures


def join_all(threads: Iterable[threading.Thread], timeout: float) -> None:
    """Join each thread for up to `timeout` seconds, then fail if any is still running."""
    threads = list(threads)
    for thread in threads:
        thread.join(timeout)
    running = [thread.name for thread in threads if thread.is_alive()]
    assert not running, f"still running after {timeout} s: {running}"


def wait_all(calls: Iterable[futures.Future], timeout: float) -> None:
    """Wait up to `timeout` seconds for an executor's calls, then fail if any is unfinished."""
    _, running = futures.wait(list(calls), timeout)
    assert not running, f"{len(running)} calls still running after {timeout} s"
