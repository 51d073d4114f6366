"""The one job queue: procrastinate, on the PostgreSQL Goodword already runs on.

Each domain declares its jobs in a `jobs.py` beside its service: `scheduled` for a job with a
cron schedule (maturation, expiry, tier demotion ...), `queued` for a job deferred with
arguments (one webhook endpoint's deliveries). They register here on one procrastinate App, and
`goodword worker` runs it (api/cli/worker.py). Every run of a job opens its own unit of work:
a job that raises rolls back only its own uncommitted batch, is retried with backoff (RETRY),
and every other job goes on.

A scheduled job runs once per period however many workers run: procrastinate defers each
period's run once (a unique row per task and period), a queueing lock keeps at most one run
waiting, and a lock lets one run at a time.

SQLite cannot run procrastinate (its schema is PL/pgSQL, LISTEN/NOTIFY and row locks): there
`goodword worker` runs the small in-process runner of api/cli/worker.py, which calls the same
job functions through `run`.
"""

import logging
import zlib
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy.engine import make_url

from core.db import db
from core.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

# Scheduled jobs and deliveries wait in separate queues, so a worker can be given only one.
SCHEDULED_QUEUE = "scheduled"
DELIVERY_QUEUE = "deliveries"
# A failed run is tried again after 4 s, 16 s, 64 s, 4 min and 17 min, then left failed (and
# logged) until its next period; deliveries keep their own retry schedule (core/events/delivery.py).
RETRY = procrastinate.RetryStrategy(max_attempts=5, exponential_wait=4)
# Jobs of one merchant in flight at once, across every worker (WORKER_PER_MERCHANT): a merchant
# with a flood of work holds at most this many of the workers' slots.
PER_MERCHANT = 2


@dataclass(frozen=True)
class Environment:
    """What a job takes from the process running it: a context in which `db.session` is that
    process's (the Flask app's context), its clock and its settings."""

    context: Callable[[], AbstractContextManager[Any]]
    clock: Callable[[], datetime]
    settings: Mapping[str, Any]


JobFunction = Callable[[UnitOfWork, Environment], None]


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    cron: str  # minute hour day month weekday, UTC, with an optional sixth field for seconds
    function: JobFunction


# Every scheduled job, by name: the in-process runner walks these.
SCHEDULED: dict[str, ScheduledJob] = {}

app = procrastinate.App(connector=procrastinate.PsycopgConnector())


def scheduled(*, name: str, cron: str, in_process: bool = True
              ) -> Callable[[JobFunction], JobFunction]:
    """Register `function(unit, environment)` as a job run on `cron` (UTC). It commits its
    own batches (so a long job keeps what it did if it fails later) through `unit`.
    `in_process=False`: a job that only feeds procrastinate's queue, which the in-process
    runner has not got."""

    def register(function: JobFunction) -> JobFunction:
        if in_process:
            SCHEDULED[name] = ScheduledJob(name=name, cron=cron, function=function)

        def run_period(context: procrastinate.JobContext, timestamp: int) -> None:
            run(function, environment_of(context))

        run_period.__module__ = function.__module__  # where the job is declared, in logs

        task = app.task(name=name, queue=SCHEDULED_QUEUE, pass_context=True, retry=RETRY,
                        lock=name, queueing_lock=name)(run_period)
        app.periodic(cron=cron)(task)
        return function

    return register


@app.periodic(cron="*/5 * * * *")
@app.task(name="core.retry_stalled_jobs", queue=SCHEDULED_QUEUE, pass_context=True,
          queueing_lock="core.retry_stalled_jobs")
async def retry_stalled_jobs(context: procrastinate.JobContext, timestamp: int) -> None:
    """A worker killed mid-job (kill -9, a lost machine) stops sending its heartbeat: after
    30 s without one its jobs are taken up again (procrastinate's documented recipe)."""
    manager = context.app.job_manager
    for job in await manager.get_stalled_jobs():
        log.warning("retrying job %s of a worker that stopped answering", job.id)
        await manager.retry_job(job)


def queued(*, name: str, queue: str = DELIVERY_QUEUE,
           retry: procrastinate.BaseRetryStrategy | bool = RETRY
           ) -> Callable[[Callable[..., None]], Any]:
    """Register `function(unit, environment, **arguments)` as a job deferred with JSON
    arguments; returns the procrastinate task (`defer_once` defers it)."""

    def register(function: Callable[..., None]) -> Any:
        def run_job(context: procrastinate.JobContext, /, **arguments: Any) -> None:
            environment = environment_of(context)
            run(lambda unit, env: function(unit, env, **arguments), environment)

        run_job.__module__, run_job.__name__ = function.__module__, function.__name__
        return app.task(name=name, queue=queue, pass_context=True, retry=retry)(run_job)

    return register


def run(function: JobFunction, environment: Environment) -> None:
    """One run of a job in its own unit of work and database session; whatever it did not
    commit is rolled back, also when it raises (the exception goes on to the caller)."""
    with environment.context():
        try:
            with UnitOfWork(db.session()) as unit:
                function(unit, environment)
        finally:
            db.session.remove()


# Set by the in-process runner (SQLite) when it is asked to stop: a job working through a long
# backlog stops after the batch in hand, and the next run goes on where it left off.
# procrastinate's worker (PostgreSQL) lets a running job finish instead.
# A plain flag, not a threading.Event: it is set from a signal handler, which must take no lock.
class _StopFlag:
    def __init__(self) -> None:
        self.requested = False

    def set(self) -> None:
        self.requested = True

    def clear(self) -> None:
        self.requested = False

    def is_set(self) -> bool:
        return self.requested


stop_requested = _StopFlag()


def commit_each(unit: UnitOfWork, batch: Callable[[], object]) -> None:
    """Call `batch` until it returns something false, committing after each: a job that works
    in batches keeps each finished batch and holds its row locks only one batch long."""
    while not stop_requested.is_set() and batch():
        unit.commit()
    unit.commit()


def environment_of(context: procrastinate.JobContext) -> Environment:
    environment = context.additional_context["goodword"]
    assert isinstance(environment, Environment)
    return environment


def merchant_lock(merchant_id: str, key: str, *, per_merchant: int = PER_MERCHANT) -> str:
    """The procrastinate lock of a merchant's job about `key`: jobs sharing a lock run one at a
    time, and a merchant has `per_merchant` locks, so at most that many of its jobs run at once
    however many it queued (a worker skips a job whose lock is taken and runs the next)."""
    lane = zlib.crc32(key.encode()) % max(per_merchant, 1)
    return f"merchant:{merchant_id}:{lane}"


def defer_once(task: Any, *, queueing_lock: str, lock: str | None = None,
               **arguments: Any) -> bool:
    """Defer `task` unless a job with `queueing_lock` is already waiting (it will do this
    work too); True when a job was deferred."""
    try:
        task.configure(queueing_lock=queueing_lock, lock=lock).defer(**arguments)
    except AlreadyEnqueued:
        return False
    return True


def conninfo(database_url: str) -> str:
    """libpq's form of a SQLAlchemy URL (`postgresql+psycopg://` is SQLAlchemy's alone)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(
        hide_password=False)


def connected(database_url: str) -> AbstractContextManager[procrastinate.App]:
    """The App, on the PostgreSQL database at `database_url` until the block ends (open it
    inside: `async with app.open_async()`); deferring from a job then goes there too."""
    return app.replace_connector(procrastinate.PsycopgConnector(conninfo=conninfo(database_url)))


def worker_options(environment: Environment, *, concurrency: int,
                   queues: list[str] | None = None) -> dict[str, Any]:
    """How `goodword worker` and the tests run procrastinate's worker: jobs see `environment`;
    finished jobs are deleted (the outcome is logged, and the rows would only pile up)."""
    return {"concurrency": concurrency, "queues": queues, "delete_jobs": "successful",
            "additional_context": {"goodword": environment}}


def owns_table(name: str | None) -> bool:
    """Whether a table belongs to procrastinate's own schema (applied by a migration from its
    frozen SQL, not from our models): model comparisons and autogenerate leave it alone."""
    return bool(name) and str(name).startswith("procrastinate_")


def include_in_model_comparison(object_: object, name: str | None, type_: str, reflected: bool,
                                compare_to: object) -> bool:
    """Alembic's `include_object`: everything but procrastinate's tables and their parts."""
    table = getattr(getattr(object_, "table", None), "name", None)
    return not owns_table(name if type_ == "table" else table)
