"""`goodword worker`: the background jobs (core/jobs.py) and webhook delivery.

On PostgreSQL it runs procrastinate's worker: every domain's jobs on their schedules, and webhook
deliveries as one job per endpoint, fair across merchants (core/events/jobs.py). Run as many as
you like. SQLite cannot hold procrastinate's queue, so there (the demo, the SQLite test pass) it
runs `Worker`, a small loop in this process that calls the same job functions.
"""

import logging
import signal
import time

import click
from flask import Flask, current_app

from api import jobs_registry  # registers every domain's jobs
from core import jobs
from core.db import db
from core.events.delivery_pool import DeliveryPool, PoolSettings
from core.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


def environment(app: Flask) -> jobs.Environment:
    """What a job needs from this app: its context (the database session), clock, settings."""
    return jobs.Environment(context=app.app_context,
                            clock=app.extensions["goodword_clock"].now, settings=app.config)


def scheduled_jobs() -> list[jobs.ScheduledJob]:
    """The scheduled jobs in the registry's order (money first)."""
    order = {module.__name__: rank for rank, module in enumerate(jobs_registry.JOB_MODULES)}
    return sorted(jobs.SCHEDULED.values(), key=lambda job: order[job.function.__module__])


class Worker:
    """The in-process runner, for SQLite: deliver due webhooks through a pool of `batch` POSTs
    in flight (core.events.delivery_pool, claiming fairly as the queue's jobs do), and every
    `jobs_every` seconds run every scheduled job of core.jobs.SCHEDULED, each of which does
    only what is due. `stop()` (SIGTERM) lets the POSTs in flight finish, then returns."""

    def __init__(self, app: Flask, *, batch: int = 16, idle_seconds: float = 1.0,
                 jobs_every: float = 60.0):
        self.app = app
        self.batch = batch
        self.idle_seconds = idle_seconds
        self.jobs_every = jobs_every
        self._stop_asked = False
        jobs.stop_requested.clear()
        self._jobs_ran_at: float | None = None
        self.deliveries = DeliveryPool(PoolSettings(
            size=batch, per_endpoint=app.config["WEBHOOK_PER_ENDPOINT"],
            deadline_seconds=app.config["WEBHOOK_DEADLINE_SECONDS"],
            production=app.config["GOODWORD_ENV"] == "production",
        ), credentials_secrets=app.config["CREDENTIALS_SECRETS"])

    def stop(self, *_signal_args) -> None:
        # Also a signal handler, run in the main thread between two bytecodes: it may interrupt
        # that thread inside a lock's acquire (an Event.wait), so it takes no lock itself. It
        # sets a plain flag, which the loop reads; the idle wait is a sleep a signal cuts short.
        self._stop_asked = True
        jobs.stop_requested.set()  # a job working through a backlog stops after its batch

    @property
    def stopping(self) -> bool:
        return self._stop_asked

    def _now(self):
        return self.app.extensions["goodword_clock"].now()

    def deliver(self) -> int:
        """Record finished POSTs and start due ones; when there was nothing to do but POSTs
        are in flight, wait for one (up to idle_seconds) and look again. How many deliveries
        were started or recorded: 0 means idle."""
        with self.app.app_context():
            try:
                with UnitOfWork(db.session) as unit:
                    done = self.deliveries.step(unit, clock=self._now)
                    if not done and self.deliveries.in_flight:
                        self.deliveries.wait(self.idle_seconds)
                        done = self.deliveries.step(unit, clock=self._now)
                    return done
            finally:
                db.session.remove()

    def finish_deliveries(self) -> int:
        """Wait for the POSTs in flight (each ends by its deadline) and record them."""
        with self.app.app_context():
            try:
                with UnitOfWork(db.session) as unit:
                    return self.deliveries.drain(unit, clock=self._now)
            finally:
                db.session.remove()

    def run_jobs(self) -> None:
        """Each job in its own unit of work (core.jobs.run), as the queue runs them. A job
        that fails is logged and rolled back; the jobs after it still run."""
        for job in scheduled_jobs():
            if self.stopping:
                return
            try:
                jobs.run(job.function, environment(self.app))
            except Exception:
                log.exception("scheduled job %s failed", job.name)

    def run_once(self) -> int:
        due = self._jobs_ran_at is None or time.monotonic() - self._jobs_ran_at >= self.jobs_every
        if due:
            self._jobs_ran_at = time.monotonic()
            self._guarded(self.run_jobs)
        return self._guarded(self.deliver) or 0

    def _guarded(self, step):
        # A database outage or a bug in one batch must not end the worker: log and go on.
        try:
            return step()
        except Exception:
            log.exception("worker step failed")
            return None

    def _idle(self) -> None:
        deadline = time.monotonic() + self.idle_seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.1, self.idle_seconds))

    def run(self) -> None:
        while not self.stopping:
            if not self.run_once() and not self.deliveries.in_flight:
                self._idle()
        self._guarded(self.finish_deliveries)
        jobs.stop_requested.clear()


@click.command("worker")
@click.option("--concurrency", default=8, show_default=True, type=click.IntRange(1, 100),
              help="jobs run at once (on SQLite: webhook POSTs in flight)")
@click.option("--queue", "queues", multiple=True,
              type=click.Choice([jobs.SCHEDULED_QUEUE, jobs.DELIVERY_QUEUE]),
              help="only these queues (repeatable; default: all)")
def worker_command(concurrency, queues):
    """Run the background jobs and deliver webhooks until SIGTERM or Ctrl-C."""
    app = current_app._get_current_object()
    # Each job's start and outcome, and a failure's traceback, for the operator (stderr).
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if db.engine.dialect.name != "postgresql":
        run_in_process(app, concurrency)
        return
    click.echo("worker started")
    with jobs.connected(app.config["SQLALCHEMY_DATABASE_URI"]) as queue_app:
        # procrastinate installs its own SIGTERM and SIGINT handlers: the jobs running finish
        # (a POST within its deadline), then the worker exits.
        queue_app.run_worker(**jobs.worker_options(environment(app), concurrency=concurrency,
                                                   queues=list(queues) or None))
    click.echo("worker stopped")


def run_in_process(app: Flask, concurrency: int) -> None:
    worker = Worker(app, batch=concurrency)
    signal.signal(signal.SIGTERM, worker.stop)
    signal.signal(signal.SIGINT, worker.stop)
    click.echo("worker started (in process: SQLite)")
    worker.run()
    click.echo("worker stopped")
