"""Real HTTP receivers on loopback for the webhook tests, and the steps they share."""

import ssl
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from core.db import db
from core.events import delivery


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 refuses connections from several busy workers


class Receiver:
    """A webhook receiver: records every POST and answers with `answer(n)` for the n-th."""

    def __init__(self, answer: Callable[[int], int] = lambda n: 200,
                 tls: ssl.SSLContext | None = None):
        self.answer = answer
        self.requests: list[tuple[dict, bytes]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    receiver.requests.append((dict(self.headers), body))
                    status = receiver.answer(len(receiver.requests))
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answered {status}".encode())

            def log_message(self, *args):
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if tls is not None:
            self.scheme = "https"
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}/hooks"

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def add_endpoint(client, merchant, url: str, events=("*",)) -> dict:
    response = client.post("/v1/webhook_endpoints", json={"url": url,
                                                          "enabled_events": list(events)},
                           headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def deliver(app, limit: int = 10, production: bool = False, **options) -> int:
    """Run one batch of deliveries, all POSTed in parallel (`options`: deadline_seconds,
    per_endpoint)."""
    with app.app_context():
        try:
            return delivery.deliver_due(
                db.session, now=app.extensions["goodword_clock"].now(), limit=limit,
                credentials_secrets=app.config["CREDENTIALS_SECRETS"], production=production,
                **options,
            )
        finally:
            db.session.remove()
