"""A whole-request deadline for one webhook POST: connect, TLS handshake, send and read.

A socket timeout bounds each read, not the request: a receiver sending one byte every few
seconds never trips it and holds the POST (and the worker slot) as long as it likes. Here a
timer shuts the connection's socket down when the deadline passes, which ends whatever read or
write is blocked on it at once, and every connect is given only the time that is left.
"""

import contextlib
import socket
import threading
import time


class DeadlinePassed(TimeoutError):
    """The receiver did not answer in full within the deadline."""


class Deadline:
    """Start it when the request starts; `watch` each socket the request opens; `finish` before
    closing the connection (so the timer never touches a socket that is gone)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._ends_at = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._watched: socket.socket | None = None
        self._finished = False
        self.passed = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        """Seconds left; raises DeadlinePassed when none are."""
        left = self._ends_at - time.monotonic()
        if left <= 0 or self.passed:
            raise DeadlinePassed(self.message)
        return left

    @property
    def over(self) -> bool:
        """Whether the request ran out of time (the timer, or a socket timeout set to the time
        left, may notice first)."""
        return self.passed or time.monotonic() >= self._ends_at

    @property
    def message(self) -> str:
        return f"no full answer within the {self.seconds:g} s deadline"

    def watch(self, sock: socket.socket) -> None:
        """The socket to shut down if time runs out (replacing the one watched before: a TLS
        socket takes over its plain socket's descriptor)."""
        with self._lock:
            if self.passed:
                raise DeadlinePassed(self.message)
            self._watched = sock
        sock.settimeout(self.remaining())

    def _expire(self) -> None:
        with self._lock:
            if self._finished:
                return
            self.passed = True
            if self._watched is not None:
                # The plain socket's shutdown, also for a TLS socket: it ends a read blocked in
                # another thread without touching the TLS object that thread is using. OSError:
                # not connected yet, or already closed.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(self._watched, socket.SHUT_RDWR)

    def finish(self) -> None:
        with self._lock:
            self._finished = True
            self._timer.cancel()
