"""`goodword worker`: webhook deliveries and the scheduled jobs, in a loop any number of
processes can run at once (every job claims its rows with FOR UPDATE SKIP LOCKED)."""

import logging
import signal
import threading
import time
from collections.abc import Callable

import click
from flask import Flask, current_app

from api.dashboard.session import session_lifetimes
from api.request import idempotency
from core.db import db
from core.events.delivery_pool import DeliveryPool, PoolSettings
from core.unit_of_work import UnitOfWork
from core.users import sessions as dashboard_sessions
from core.users import sign_in_limits
from referrals.clicks import scheduled as invalid_clicks
from referrals.journey import rollup as journey_rollup
from referrals.members import scheduled as celebrations
from referrals.signups import scheduled as review_reminders
from rewards.earning import maturation
from rewards.program import tiers

log = logging.getLogger(__name__)


class Worker:
    """Deliver due webhooks through a pool of `batch` POSTs in flight (core.events.delivery_pool);
    every `jobs_every` seconds, run the scheduled jobs
    (maturation, expiry, the journey roll-up, tier demotion, review reminders, the hourly
    click.invalid report, the purge of expired idempotency records, members' birthdays and
    anniversaries, the purge of ended dashboard sessions and forgotten sign-in counts).
    `stop()` (SIGTERM) lets the current batch finish, then returns."""

    def __init__(self, app: Flask, *, batch: int = 16, idle_seconds: float = 1.0,
                 jobs_every: float = 60.0):
        self.app = app
        self.batch = batch
        self.idle_seconds = idle_seconds
        self.jobs_every = jobs_every
        self._stopping = threading.Event()
        self._jobs_ran_at: float | None = None
        self.deliveries = DeliveryPool(PoolSettings(
            size=batch, per_endpoint=app.config["WEBHOOK_PER_ENDPOINT"],
            deadline_seconds=app.config["WEBHOOK_DEADLINE_SECONDS"],
            production=app.config["GOODWORD_ENV"] == "production",
        ), credentials_secrets=app.config["CREDENTIALS_SECRETS"])

    def stop(self, *_signal_args) -> None:
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

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
        """Each job in its own unit of work, one batch per commit, skipping rows another worker
        holds. A job that fails is logged and rolled back; the jobs after it still run."""
        for name, batch in self._jobs():
            with self.app.app_context():
                try:
                    with UnitOfWork(db.session) as unit:
                        while not self.stopping and batch():
                            unit.commit()
                        unit.commit()
                except Exception:
                    log.exception("scheduled job %s failed", name)
                finally:
                    db.session.remove()

    def _jobs(self) -> list[tuple[str, Callable[[], object]]]:
        """(name, one batch): a batch returns something true while there is more to do."""
        demoted_after: list = [None]

        def demote_batch():
            _, demoted_after[0] = tiers.demote_tiers(db.session, now=self._now(),
                                                     after=demoted_after[0])
            return demoted_after[0] is not None

        return [
            ("maturation", lambda: maturation.mature_due(db.session, now=self._now())),
            ("expiry", lambda: maturation.expire_due(db.session, now=self._now())),
            ("journey roll-up", lambda: journey_rollup.roll_up(db.session, now=self._now())),
            ("tier demotion", demote_batch),
            ("review reminders", lambda: review_reminders.remind_due(db.session,
                                                                    now=self._now())),
            ("invalid clicks report",
             lambda: invalid_clicks.report_next_period(db.session, now=self._now())),
            ("idempotency purge", lambda: idempotency.purge_expired(db.session, now=self._now())),
            ("birthdays and anniversaries",
             lambda: celebrations.celebrate_next(db.session, now=self._now())),
            ("sign-in records purge", self._forget_sign_ins),
        ]

    def _forget_sign_ins(self) -> int:
        now = self._now()
        return dashboard_sessions.forget_ended(
            db.session, now=now, lifetimes=session_lifetimes(self.app.config)
        ) + sign_in_limits.forget_expired(db.session, now=int(now.timestamp()))

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

    def run(self) -> None:
        while not self.stopping:
            if not self.run_once() and not self.deliveries.in_flight:
                self._stopping.wait(self.idle_seconds)
        self._guarded(self.finish_deliveries)


@click.command("worker")
@click.option("--batch", default=16, show_default=True, type=click.IntRange(1, 100),
              help="webhook POSTs in flight at a time")
@click.option("--idle-seconds", default=1.0, show_default=True, type=click.FloatRange(0.05),
              help="how long to sleep when nothing is due")
@click.option("--jobs-every", default=60.0, show_default=True, type=click.FloatRange(1),
              help="seconds between runs of the scheduled jobs")
def worker_command(batch, idle_seconds, jobs_every):
    """Deliver webhooks and run the scheduled jobs until SIGTERM or Ctrl-C."""
    worker = Worker(current_app._get_current_object(), batch=batch, idle_seconds=idle_seconds,
                    jobs_every=jobs_every)
    signal.signal(signal.SIGTERM, worker.stop)
    signal.signal(signal.SIGINT, worker.stop)
    click.echo("worker started")
    worker.run()
    click.echo("worker stopped")
