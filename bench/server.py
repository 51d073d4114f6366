"""The production server configuration, started on a free loopback port for benchmarks and tests.

The same command as README "Running in production": granian serving `wsgi:app` over WSGI with
several worker processes, each running requests on a pool of blocking threads, against
PostgreSQL through SQLAlchemy's connection pool, with GOODWORD_ENV=production.

    with serve("postgresql://postgres@127.0.0.1:5432/bench_x") as base_url:
        ...  # base_url is "http://127.0.0.1:<port>"

`start()` gives the running `Server` (its process, to find worker pids or kill them) for tests
that need more than the URL. The database must already be migrated (`goodword db upgrade`).
Rate limits keep the default storage: process memory, as REDIS_URL is not set unless `env`
sets it.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Production refuses short or default secrets; these are only ever used on loopback.
SECRET_KEYS = "bench-signing-secret-0123456789abcdef0123456789"
API_KEY_DIGEST_SECRET = "bench-digest-secret-0123456789abcdef0123456789"
# Requests in flight per worker process; also how many clicks one group commit can gather.
BLOCKING_THREADS = 32
WORKERS = 2


def command(*, port: int, workers: int, host: str = "127.0.0.1") -> list[str]:
    """The production server command line (README "Running in production")."""
    return [
        str(BIN / "granian"), "--interface", "wsgi", "--host", host, "--port", str(port),
        "--workers", str(workers), "--blocking-threads", str(BLOCKING_THREADS),
        "--no-ws", "wsgi:app",
    ]


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen
    workers: int
    started: threading.Semaphore
    log: threading.Thread | None = None

    def worker_pids(self) -> list[int]:
        """The worker processes serving requests (children of the granian main process)."""
        return _children(self.process.pid)


def free_port() -> int:
    """Any free port, or the first free one in BENCH_PORTS ("9500-9599") on a shared machine."""
    if os.environ.get("BENCH_PORTS"):
        first, last = (int(end) for end in os.environ["BENCH_PORTS"].split("-"))
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
def start(database_url: str, *, env: dict | None = None, workers: int = WORKERS,
          startup_timeout: float = 60.0) -> Iterator[Server]:
    port = free_port()
    environment = {
        **os.environ,
        "GOODWORD_ENV": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEYS": SECRET_KEYS,
        "API_KEY_DIGEST_SECRET": API_KEY_DIGEST_SECRET,
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    process = subprocess.Popen(
        command(port=port, workers=workers), cwd=ROOT, env=environment,
        start_new_session=True, stdout=subprocess.PIPE, text=True,
    )
    server = Server(f"http://127.0.0.1:{port}", process, workers, threading.Semaphore(0))
    server.log = threading.Thread(target=_follow_log, args=(server,), daemon=True)
    server.log.start()
    try:
        _wait_until_healthy(server, startup_timeout)
        yield server
    finally:
        stop(server)


@contextlib.contextmanager
def serve(database_url: str, *, env: dict | None = None, workers: int = WORKERS,
          ) -> Iterator[str]:
    """Run the production server until the block ends; yields its base URL."""
    with start(database_url, env=env, workers=workers) as server:
        yield server.base_url


def stop(server: Server) -> None:
    """SIGTERM granian's main process (it stops its workers), then SIGKILL whatever is left of
    the process group after 10 s."""
    if server.process.poll() is None:
        server.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.process.wait(timeout=5)
    if server.log is not None:
        server.log.join(timeout=5)  # the log ends when the last process holding it is gone
    server.process.stdout.close()


def _follow_log(server: Server) -> None:
    """Pass granian's log (its stdout) on to stderr, counting workers that loaded the app."""
    for line in server.process.stdout:
        if "Started worker" in line:
            server.started.release()
        if "[INFO]" not in line:
            sys.stderr.write(line)


def _wait_until_healthy(server: Server, timeout: float) -> None:
    # Every worker must have loaded the app: granian hangs when stopped while one still loads.
    deadline = time.monotonic() + timeout
    for _ in range(server.workers):
        if not server.started.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise RuntimeError(f"the server's workers did not start within {timeout:.0f} s")
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with {server.process.returncode}")
        try:
            with urllib.request.urlopen(server.base_url + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s")


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(child) for child in listing.read().split()]
    except FileNotFoundError:
        return []


if __name__ == "__main__":
    url = sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1:5432/bench_h9a"
    with serve(url) as base:
        print(f"serving on {base}; Ctrl-C to stop", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
