"""A real procrastinate worker (core/jobs.py) in a thread of the test process, on the test
database, as `goodword worker` runs it on PostgreSQL; and a receiver that holds POSTs open."""

import asyncio
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from api.cli import worker
from core import jobs
from tests.threads import join_all


@contextmanager
def queue_worker(app, *, concurrency: int = 4, workers: int = 1, **options):
    """Run procrastinate's worker on every queue until the block ends; then stop it (the jobs
    running finish first) and check its thread ended. `workers` > 1: that many workers, each
    with its own periodic deferrer, as on that many machines (they share one pool here)."""
    loop = asyncio.new_event_loop()
    running: dict = {}
    failures: list[BaseException] = []
    ready = threading.Event()
    with jobs.connected(app.config["SQLALCHEMY_DATABASE_URI"]) as queue_app:

        async def work():
            async with queue_app.open_async():
                settings = jobs.worker_options(worker.environment(app), concurrency=concurrency)
                running["tasks"] = [asyncio.create_task(queue_app.run_worker_async(
                    **(settings | options), name=f"worker-{n}", install_signal_handlers=False,
                    fetch_job_polling_interval=0.5)) for n in range(workers)]
                ready.set()
                # A worker's task cancelled is how procrastinate is told to stop gracefully.
                for ended in await asyncio.gather(*running["tasks"], return_exceptions=True):
                    if not isinstance(ended, asyncio.CancelledError | type(None)):
                        failures.append(ended)

        def run():
            try:
                loop.run_until_complete(work())
            except BaseException as error:  # pragma: no cover - reported below
                failures.append(error)
            finally:
                ready.set()

        thread = threading.Thread(target=run, name="procrastinate-worker")
        thread.start()
        assert ready.wait(30), "the worker never started"
        try:
            # Jobs are deferred by the worker's own jobs (the dispatch of deliveries): the
            # connector's pool lives on the worker's event loop, not on this thread.
            yield queue_app
        finally:
            for task in running.get("tasks", []):
                loop.call_soon_threadsafe(task.cancel)
            join_all([thread], 120)
            loop.close()
    assert failures == []


class HeldReceiver:
    """A webhook receiver that answers 200 only once `release` is set; notes what it holds."""

    def __init__(self):
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.held: dict[str, int] = {}  # path -> POSTs open now
        self.most_held: dict[str, int] = {}  # path -> most POSTs open at once
        self.answered: list[str] = []  # path of each POST answered
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    receiver.held[self.path] = receiver.held.get(self.path, 0) + 1
                    receiver.most_held[self.path] = max(receiver.most_held.get(self.path, 0),
                                                        receiver.held[self.path])
                receiver.release.wait(120)
                with receiver.lock:
                    receiver.held[self.path] -= 1
                    receiver.answered.append(self.path)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{path}"

    def holding(self) -> set[str]:
        """The paths with a POST held open now."""
        with self.lock:
            return {path for path, count in self.held.items() if count}

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def deferring(app):
    """`defer(task_name, **arguments)` from the test's own thread, as an operator's script
    would: a connection of its own, the task's lock and queueing lock as its schedule uses."""
    import procrastinate

    from_test = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(
        conninfo=jobs.conninfo(app.config["SQLALCHEMY_DATABASE_URI"])))

    def defer(task_name: str, **arguments) -> int:
        return from_test.configure_task(task_name, queue=jobs.SCHEDULED_QUEUE, lock=task_name,
                                        queueing_lock=task_name).defer(**arguments)

    with from_test.open():
        yield defer
