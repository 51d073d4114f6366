"""Group commit of clicks: many request threads, one INSERT (its own commit) per batch.

Committing each click alone makes every request wait for its own WAL flush, and the database's
commit rate caps the click rate. Here the clicks of a process queue up, and one request thread
at a time, the leader, takes every click queued so far, records them with
`clicks.insert_clicks` (one statement) on the process's click connection, commits once, and
wakes their requests; then it hands the lead to the first click that arrived meanwhile, whose
thread writes the next batch. So a response is never sent for a click that is not committed,
and under load one commit carries as many clicks as arrived during the previous one. There is
no timer: a lone click is written at once, alone, by its own thread.

Leaders rather than a writer thread: a dedicated writer had to win the GIL back from the
request threads twice per batch (woken for the batch, and again when the database answered),
each time behind up to 32 of them, while the batch's requests waited; a leader is a thread that
had to wait for the commit anyway.

A batch that fails on its data is retried click by click, so one bad row cannot lose the others;
a click that still fails raises in its own request. A batch the database could not take (down,
restarting, or slower than the timeout: each batch runs under a statement_timeout of 40 % of
the wait, and a click goes into a batch, decided after connecting, only while at least half its
wait is left, so the INSERT holding it is committed or cancelled before its request gives up)
fails as a whole, at once, with that error; a click whose caller stopped waiting is taken out
of the queue, so a click answered with an error is not committed behind its shopper's back.

A batch is one round trip: one INSERT ... RETURNING in autocommit (a single statement is atomic
and committed when it returns), on a connection kept for the process's clicks (taken out of the
pool, its statement_timeout set once), closed after an error and after `idle_seconds` without a
click, so an idle app holds no connection for clicks.

Known limits: PostgreSQL lifts the statement_timeout for the commit itself, so a stalled WAL
flush (a dying disk, a synchronous standby that stopped answering) can commit a click after its
request was answered 503; and the leading request waits for its own batch without a limit of
its own, so while connecting or committing hangs, that one request hangs with it (the others
get their 503 on time).
"""

import os
import threading
import time
import weakref
from _thread import allocate_lock as _allocate_lock
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from core.errors import Unavailable
from referrals.clicks import ClickOutcome, PreparedClick, insert_clicks, outcome_of

# A click goes into a batch only with at least JOIN_SHARE of its wait
# (CLICK_COMMIT_TIMEOUT_SECONDS) left, and the batch's INSERT may run for STATEMENT_SHARE of it:
# the rest is the margin for the answer to come back before the request gives up.
JOIN_SHARE = 0.5
STATEMENT_SHARE = 0.4


class ClickNotRecorded(Unavailable):
    """The writer did not commit the click in time; nothing may be acknowledged (a 503)."""

    code = "database_unavailable"


class _Waiting:
    """A click in the queue. `done` is a bare lock taken at birth and released once the click's
    fate is known (or to hand its thread the lead, with `lead` set): the request blocks
    acquiring it again (cheaper than an Event, which builds a Condition and a lock per wait)."""

    __slots__ = ("click", "deadline", "done", "error", "lead", "row", "timeout")

    def __init__(self, click: PreparedClick, timeout: float):
        self.click = click
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.done = _allocate_lock()
        self.done.acquire()
        self.lead = False
        self.row: Any = None
        self.error: BaseException | None = None


class ClickWriter:
    def __init__(self, engine: Engine, *, max_batch: int = 500, idle_seconds: float = 5.0):
        self._engine = engine
        self._max_batch = max_batch
        self._idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._queue: list[_Waiting] = []
        self._leading = False  # a request thread writes a batch, or has been handed the lead
        self._connection: Connection | None = None
        self._last_write = 0.0
        self._inherited: list[Connection] = []
        self._closing = False  # a closer waits to close the connection once it idles
        writer = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: (alive := writer()) and alive._forked())

    def _forked(self) -> None:
        """In a forked child nothing of the parent's is ours: not its queue, not its leader
        (that thread does not exist here), not its lock (another thread may have held it at
        the fork). The parent's connection is never closed from here (that would end the
        parent's session), so it stays referenced rather than garbage-collected."""
        if self._connection is not None:
            self._inherited.append(self._connection)
        self._lock = threading.Lock()
        self._queue, self._leading = [], False
        self._connection, self._closing = None, False

    def record(self, click: PreparedClick, *, timeout: float = 30.0) -> ClickOutcome:
        """Record `click`; returns once the transaction holding it has committed."""
        waiting = _Waiting(click, timeout)
        with self._lock:
            self._queue.append(waiting)
            lead, self._leading = not self._leading, True
        if lead:
            self._lead()
        while True:
            if not waiting.done.acquire(timeout=max(waiting.deadline - time.monotonic(), 0)):
                self._give_up(waiting)
                # A batch in flight ends by its statement_timeout; either way the shopper is
                # told nothing was recorded, never sent on as if it had been.
                raise ClickNotRecorded(f"click {click.id} not committed within {timeout:.0f} s")
            if not waiting.lead:
                break
            # Handed the lead: write the next batch (this click is at its head); `done` is
            # held again, for the batch to release.
            waiting.lead = False
            self._lead()
        if waiting.error is not None:
            raise waiting.error
        # Worked out here, beside the other requests, not by the leader.
        return outcome_of(click, waiting.row)

    def _lead(self) -> None:
        """Write the clicks queued now as one batch, then hand the lead to the first click that
        arrived meanwhile (its thread writes the next batch), or drop it if none did."""
        with self._lock:
            batch = self._queue[: self._max_batch]
            del self._queue[: self._max_batch]
        try:
            self._connection = self._write(self._connection, batch)
            self._last_write = time.monotonic()
        finally:
            with self._lock:
                self._hand_over()

    def _hand_over(self) -> None:
        """Under the lock: wake the first queued click's thread to lead, or end the lead (and
        see that the connection is closed if no click comes for `idle_seconds`)."""
        if self._queue:
            successor = self._queue[0]
            successor.lead = True
            successor.done.release()
            return
        self._leading = False
        if self._connection is not None and not self._closing:
            self._closing = True
            threading.Thread(target=self._close_when_idle, name="click-connection-closer",
                             daemon=True).start()

    def _close_when_idle(self) -> None:
        """Close the click connection once it has been unused for `idle_seconds`, so an idle
        app holds no connection for clicks. Off the hot path: one wake-up per idle_seconds
        while clicks keep coming."""
        while True:
            time.sleep(max(self._last_write + self._idle_seconds - time.monotonic(), 0.01))
            with self._lock:
                if self._leading or time.monotonic() - self._last_write < self._idle_seconds:
                    continue
                self._closing = False
                connection, self._connection = self._connection, None
                if connection is not None:
                    connection.close()
                return

    def _give_up(self, waiting: _Waiting) -> None:
        """A click whose wait ran out leaves the queue (it will not be committed later); if
        its thread was just handed the lead, the lead goes on to the next click."""
        with self._lock:
            if waiting in self._queue:
                self._queue.remove(waiting)
            if waiting.lead:
                waiting.lead = False
                self._hand_over()

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
            if waiting.deadline - now >= waiting.timeout * JOIN_SHARE:
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
        configured timeout changes). Which clicks still have time to go in is decided after
        connecting, right before the INSERT, so a slow connect counts against their wait.
        """
        if not batch:
            return connection
        try:
            connection = connection or self._connect()
            # The INSERT may run for STATEMENT_SHARE of the wait, and a click goes in only with
            # JOIN_SHARE of it left: the difference is the margin for the answer's way back,
            # so a cancelled or committed INSERT is over before its request gives up (a 503 is
            # never followed by the click committing).
            timeout_ms = int(min(waiting.timeout for waiting in batch) * 1000 * STATEMENT_SHARE)
            if connection.info["click_timeout_ms"] != timeout_ms:
                connection.exec_driver_sql(f"SET statement_timeout = {timeout_ms}")
                connection.info["click_timeout_ms"] = timeout_ms
        except Exception as error:  # no connection: nothing of the batch can go in
            if connection is not None:
                connection.close()
            for waiting in batch:
                waiting.error = error
                waiting.done.release()
            return None
        batch = self._in_time(batch)
        if not batch:
            return connection
        try:
            rows = insert_clicks(connection, [waiting.click for waiting in batch])
            connection.commit()  # ends SQLAlchemy's transaction; nothing is sent in autocommit
        except Exception as error:
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
