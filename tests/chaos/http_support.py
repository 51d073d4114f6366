"""The pieces the chaos tests share: the app served for real on loopback, an HTTP client that
speaks to it as a shop's server would (JSON, Bearer key, Idempotency-Key, retrying a 503 with
the same key), and a worker running in a thread."""

import json
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from werkzeug.serving import make_server

from api.cli.worker import Worker
from tests.threads import join_all


class LiveServer:
    """The app on a free loopback port, many requests at once (one thread each)."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        join_all([self.thread], 60)
        self.server.server_close()


@dataclass
class Answer:
    status: int
    body: dict | list | None
    headers: dict

    @property
    def error_code(self) -> str | None:
        error = self.body.get("error") if isinstance(self.body, dict) else None
        return error.get("code") if isinstance(error, dict) else None


@dataclass
class Api:
    """A shop's server calling Goodword over HTTP."""

    base_url: str
    secret: str
    retries_503: int = 20
    pause: object = None  # called between retries of a 503
    # Every 503 seen (each was retried with the same Idempotency-Key), for the report.
    unavailable: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def raw(self, method: str, path: str, *, data: bytes | None = None,
            headers: dict | None = None) -> Answer:
        request = urllib.request.Request(self.base_url + path, data=data, method=method,
                                         headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                return Answer(answer.status, _json(answer.read()), dict(answer.headers))
        except urllib.error.HTTPError as failed:
            with failed:
                return Answer(failed.code, _json(failed.read()), dict(failed.headers))

    def once(self, method: str, path: str, body: dict | None = None, *,
             key: str | None = None) -> Answer:
        headers = {"Authorization": f"Bearer {self.secret}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if key is not None:
            headers["Idempotency-Key"] = key
        data = json.dumps(body).encode() if body is not None else None
        return self.raw(method, path, data=data, headers=headers)

    def call(self, method: str, path: str, body: dict | None = None, *,
             key: str | None = None) -> Answer:
        """One request; a 503 (the database asked for a retry) is retried with the same key."""
        for _ in range(self.retries_503):
            answer = self.once(method, path, body, key=key)
            if answer.status != 503:
                return answer
            with self.lock:
                self.unavailable.append(answer)
            if self.pause:
                self.pause()
        return answer

    def get(self, path: str) -> Answer:
        return self.call("GET", path)


def _json(raw: bytes):
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return {"unparsed": raw[:500].decode(errors="replace")}


class WorkerThread:
    """`goodword worker` in a thread of the test process, on the app's (movable) clock."""

    def __init__(self, app, *, jobs_every: float = 0.3):
        self.worker = Worker(app, batch=50, idle_seconds=0.05, jobs_every=jobs_every)
        self.thread = threading.Thread(target=self.worker.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.worker.stop()
        join_all([self.thread], 60)
