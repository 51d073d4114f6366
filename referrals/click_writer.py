"""Group commit of clicks: many request threads, one INSERT (its own commit) per batch.

Committing each click alone makes every request wait for its own WAL flush, and the database's
commit rate caps the click rate. Here a request thread hands its prepared click to the process's
writer thread and waits; the writer takes every click queued meanwhile, records them with
`clicks.insert_clicks` (one statement) on its own connection, commits once, and only then wakes
their requests. So a response is never sent for a click that is not committed, and under load
one commit carries as many clicks as arrived during the previous one. There is no timer: a lone
click is written at once, alone.

A batch that fails on its data is retried click by click, so one bad row cannot lose the others;
a click that still fails raises in its own request. A batch the database could not take (down,
restarting, or slower than the timeout: each batch runs under a statement_timeout of half the
wait, and a click goes into a batch only while at least that much of its wait is left, so the
INSERT holding it is committed or cancelled before its request gives up) fails as a whole, at
once, with that error; a click whose caller stopped waiting is taken out of the queue,
so a click answered with an error is not committed behind its shopper's back.

A batch is one round trip: one INSERT ... RETURNING in autocommit (a single statement is atomic
and committed when it returns), on a connection the writer keeps (taken out of the pool, its
statement_timeout set once) for as long as its thread lives. The thread starts with the first
click of the process (after any fork) and ends, closing that connection, after `idle_seconds`
without a click, so an idle app holds no connection for clicks.
"""

import os
import threading
import time
from _thread import allocate_lock as _allocate_lock
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from core.errors import Unavailable
from referrals.clicks import ClickOutcome, PreparedClick, insert_clicks, outcome_of

# The share of a click's wait (CLICK_COMMIT_TIMEOUT_SECONDS) its INSERT may run for.
STATEMENT_SHARE = 0.5


class ClickNotRecorded(Unavailable):
    """The writer did not commit the click in time; nothing may be acknowledged (a 503)."""

    code = "database_unavailable"


class _Waiting:
    """A click in the queue. `done` is a bare lock taken at birth and released by the writer
    once the click's fate is known: the request blocks acquiring it again (cheaper than an
    Event, which builds a Condition and a lock per wait)."""

    __slots__ = ("click", "deadline", "done", "error", "row", "timeout")

    def __init__(self, click: PreparedClick, timeout: float):
        self.click = click
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.done = _allocate_lock()
        self.done.acquire()
        self.row: Any = None
        self.error: BaseException | None = None


class ClickWriter:
    def __init__(self, engine: Engine, *, max_batch: int = 500, idle_seconds: float = 5.0):
        self._engine = engine
        self._max_batch = max_batch
        self._idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._queue: list[_Waiting] = []
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._idle = False  # the writer waits on `_arrived` for a click

    def record(self, click: PreparedClick, *, timeout: float = 30.0) -> ClickOutcome:
        """Record `click`; returns once the transaction holding it has committed."""
        waiting = _Waiting(click, timeout)
        with self._lock:
            self._queue.append(waiting)
            if self._thread is None or self._pid != os.getpid():
                self._start()
            elif self._idle:  # only a writer asleep on an empty queue needs waking
                self._arrived.notify()
        if not waiting.done.acquire(timeout=timeout):
            with self._lock:
                if waiting in self._queue:  # never taken: it will not be committed later
                    self._queue.remove(waiting)
            # A batch in flight ends by its statement_timeout; either way the shopper is
            # told nothing was recorded, never sent on as if it had been.
            raise ClickNotRecorded(f"click {click.id} not committed within {timeout:.0f} s")
        if waiting.error is not None:
            raise waiting.error
        # Worked out here, beside the other requests, not in the one writer thread.
        return outcome_of(click, waiting.row)

    def _start(self) -> None:
        self._pid = os.getpid()
        self._idle = False
        self._thread = threading.Thread(target=self._run, name="click-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        connection: Connection | None = None
        try:
            while True:
                with self._lock:
                    while not self._queue:
                        self._idle = True
                        woken = self._arrived.wait(self._idle_seconds)
                        self._idle = False
                        if not woken and not self._queue:
                            self._thread = None
                            return
                    batch = self._queue[: self._max_batch]
                    del self._queue[: self._max_batch]
                connection = self._write(connection, batch)
        finally:
            if connection is not None:
                connection.close()

    def _connect(self) -> Connection:
        """The writer's own connection: out of the pool, in autocommit, no statement_timeout yet.

        Detached, so the session-level statement_timeout set on it never reaches a pooled
        connection, and closing it closes it for good.
        """
        connection = self._engine.connect()
        try:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.detach()
        except BaseException:
            connection.close()
            raise
        connection.info["click_timeout_ms"] = None
        return connection

    @staticmethod
    def _in_time(batch: list[_Waiting]) -> list[_Waiting]:
        """The clicks with time left to be written; the others fail now, as not recorded."""
        now = time.monotonic()
        fresh = []
        for waiting in batch:
            if waiting.deadline - now >= waiting.timeout * STATEMENT_SHARE:
                fresh.append(waiting)
            else:
                waiting.error = ClickNotRecorded(
                    f"click {waiting.click.id} not written within {waiting.timeout:.0f} s")
                waiting.done.release()
        return fresh

    def _write(self, connection: Connection | None, batch: list[_Waiting]) -> Connection | None:
        """Commit `batch` and wake its requests; returns the connection to keep using.

        One round trip: the batch is one INSERT in autocommit, atomic and committed when it
        returns. The statement_timeout is set on the connection once (again only if the
        configured timeout changes).
        """
        batch = self._in_time(batch)
        if not batch:
            return connection
        try:
            connection = connection or self._connect()
            # Half the wait: a click is only sent with at least that much of its wait left, so
            # a cancelled or committed INSERT is over before its request gives up (a 503 is
            # never followed by the click committing).
            timeout_ms = int(min(waiting.timeout for waiting in batch) * 1000 * STATEMENT_SHARE)
            if connection.info["click_timeout_ms"] != timeout_ms:
                connection.exec_driver_sql(f"SET statement_timeout = {timeout_ms}")
                connection.info["click_timeout_ms"] = timeout_ms
            rows = insert_clicks(connection, [waiting.click for waiting in batch])
            connection.commit()  # ends SQLAlchemy's transaction; nothing is sent in autocommit
        except Exception as error:
            if connection is not None:
                connection.close()  # a broken connection is closed for good, not pooled
            if len(batch) > 1 and not isinstance(error, OperationalError):
                connection = None
                for waiting in batch:
                    connection = self._write(connection, [waiting])
                return connection
            for waiting in batch:
                waiting.error = error
                waiting.done.release()
            return None
        for waiting in batch:
            waiting.row = rows[waiting.click.id]
            waiting.done.release()
        return connection
