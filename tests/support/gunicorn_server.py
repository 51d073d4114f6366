"""A real Goodword under gunicorn with two worker processes on a loopback port, and a browser's
sign-in over plain HTTP (cookie and CSRF token), for the tests that need every process to share
what they count."""

import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port(first: int = 9500, last: int = 9599) -> int:
    """A free port in this checkout's range (HELPERS.md), else any the system gives."""
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, *, workers: int = 2, threads: int = 8,
             **settings: str) -> Iterator[int]:
    """Serve `wsgi:app` on a free port; yields the port once /healthz answers."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": database_url,
           "GOODWORD_ENV": "test", "PUBLIC_URL": "http://goodword.test", **settings}
    if not settings.get("REDIS_URL"):
        env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--backlog", "256", "wsgi:app"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            try:
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            finally:
                connection.close()
            assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(30)


class Browser:
    """One browser's cookie jar (the session cookie only), from one address."""

    def __init__(self, port: int, address: str):
        self.port = port
        self.address = address
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None
                ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"X-Forwarded-For": self.address}
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            answer_headers = {name.lower(): value for name, value in response.getheaders()}
        finally:
            connection.close()
        set_cookie = answer_headers.get("set-cookie", "")
        if set_cookie.startswith("session="):
            self.cookie = set_cookie.split(";", 1)[0]
        return response.status, answer_headers, text

    def csrf_token(self, path: str = "/dashboard/login") -> str:
        _, _, page = self.request("GET", path)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def sign_in(self, email: str, password: str, token: str | None = None
                ) -> tuple[int, dict[str, str], str]:
        """POST the sign-in form (with a token fetched beforehand, to send many at once)."""
        return self.request("POST", "/dashboard/login", {
            "email": email, "password": password, "csrf_token": token or self.csrf_token()})
