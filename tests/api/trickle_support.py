"""Receivers that answer too slowly, on loopback: real sockets, one byte at a time."""

import socket
import threading
import time


class TricklingReceiver:
    """Reads each request, sends `at_once`, then `answer` one byte every `every` seconds (a
    receiver holding a webhook POST open far longer than any timeout per read). `delay` waits
    before the first byte. Counts requests, and the most it held open at once."""

    def __init__(self, answer: bytes = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                 *, every: float = 1.0, delay: float = 0.0, at_once: bytes = b""):
        self.answer, self.every, self.delay, self.at_once = answer, every, delay, at_once
        self.requests = 0
        self.open_now = self.most_open = 0
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
            self.requests += 1
            self.open_now += 1
            self.most_open = max(self.most_open, self.open_now)
        try:
            with connection:
                connection.settimeout(30)
                received = b""
                while b"\r\n\r\n" not in received:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    received += chunk
                if self.closing.wait(self.delay):
                    return
                connection.sendall(self.at_once)
                for byte in self.answer:
                    connection.sendall(bytes([byte]))
                    if self.closing.wait(self.every):
                        return
        except OSError:
            pass  # the sender gave up on us: what the tests want
        finally:
            with self.lock:
                self.open_now -= 1

    def close(self) -> None:
        self.closing.set()
        self.listener.close()


def elapsed(step) -> float:
    started = time.monotonic()
    step()
    return time.monotonic() - started
