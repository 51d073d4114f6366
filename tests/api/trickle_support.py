"""Receivers that answer too slowly, on loopback: real sockets, one byte at a time."""

import re
import select
import socket
import threading
import time


class TricklingReceiver:
    """Reads each request, sends `at_once`, then `answer` one byte every `every` seconds (a
    receiver holding a webhook POST open far longer than any timeout per read). `delay` waits
    before the first byte. Notes when each request arrived."""

    def __init__(self, answer: bytes = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                 *, every: float = 1.0, delay: float = 0.0, at_once: bytes = b""):
        self.answer, self.every, self.delay, self.at_once = answer, every, delay, at_once
        self.arrived: list[float] = []
        self.lock = threading.Lock()
        self.closing = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/hooks"

    def _accept(self) -> None:
        while not self.closing.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with self.lock:
            self.arrived.append(time.monotonic())
        try:
            with connection:
                connection.settimeout(30)
                if not _read_request(connection):
                    return
                if self._sender_gone(connection, self.delay):
                    return
                connection.sendall(self.at_once)
                for byte in self.answer:
                    connection.sendall(bytes([byte]))
                    if self._sender_gone(connection, self.every):
                        return
        except OSError:
            pass  # the sender gave up on us: what the tests want

    def _sender_gone(self, connection: socket.socket, seconds: float) -> bool:
        """Wait `seconds`; True as soon as the sender closes (or the receiver is closing)."""
        if select.select([connection], [], [], seconds)[0] and not connection.recv(1):
            return True
        return self.closing.is_set()

    @property
    def requests(self) -> int:
        return len(self.arrived)

    def most_arrived_within(self, seconds: float) -> int:
        """The most requests that arrived within any `seconds` of each other."""
        times = sorted(self.arrived)
        return max((sum(1 for later in times[n:] if later - first < seconds)
                    for n, first in enumerate(times)), default=0)

    def close(self) -> None:
        self.closing.set()
        self.listener.close()


def _read_request(connection: socket.socket) -> bool:
    """The whole request, headers and body (so that anything readable later means the sender
    closed); False when the sender went away first."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        if not chunk:
            return False
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    length = re.search(rb"(?i)content-length:\s*(\d+)", head)
    missing = int(length.group(1)) - len(body) if length else 0
    while missing > 0:
        chunk = connection.recv(missing)
        if not chunk:
            return False
        missing -= len(chunk)
    return True


def elapsed(step) -> float:
    started = time.monotonic()
    step()
    return time.monotonic() - started
