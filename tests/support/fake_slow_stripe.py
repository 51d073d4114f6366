"""A FAKE network fault in front of the Stripe stand-ins: a loopback proxy that forwards every
request at once (so Stripe does the work) and then holds the answer back for the first
`slow_calls` requests, past the client's timeout. It is the worst kind of timeout for a payout:
the object exists in Stripe, and the caller never hears of it.
"""

import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Headers the Stripe client sends that Stripe (and so the stand-ins) act on.
_FORWARDED = ("Authorization", "Stripe-Version", "Idempotency-Key", "Content-Type")


class FakeSlowStripe:
    def __init__(self, upstream_url: str, *, slow_calls: int, delay_seconds: float):
        self.upstream_url = upstream_url
        self.slow_calls = slow_calls
        self.delay_seconds = delay_seconds
        self.calls: list[dict] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _forward(self, method: str, path: str, body: bytes, headers) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.upstream_url + path, data=body or None, method=method,
            headers={name: headers[name] for name in _FORWARDED if headers.get(name)},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def _serve(self, method):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with fake._lock:
                    number = len(fake.calls) + 1
                    fake.calls.append({"method": method, "path": self.path,
                                       "idempotency_key": self.headers.get("Idempotency-Key")})
                status, answer = fake._forward(method, self.path, body, self.headers)
                if number <= fake.slow_calls:
                    time.sleep(fake.delay_seconds)  # the caller has given up by now
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # the caller hung up: exactly the fault this fake is for

        return Handler
