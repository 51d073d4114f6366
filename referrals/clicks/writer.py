"""Group commit of clicks: many request threads, one INSERT (its own commit) per batch.

Committing each click alone makes every request wait for its own WAL flush, and the database's
commit rate caps the click rate. Here the clicks of a process queue up in a
`core.group_commit.GroupCommit`: one request thread at a time, the leader, records every click
queued so far with `clicks.insert_clicks` (one statement) on the process's click connection,
commits once, and wakes their requests; then the first click that arrived meanwhile leads the
next batch. So a response is never sent for a click that is not committed, and under load one
commit carries as many clicks as arrived during the previous one.

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

import threading
import time
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from core.errors import Unavailable
from core.group_commit import GroupCommit, TimedOut
from referrals.clicks.service import ClickOutcome, PreparedClick, insert_clicks, outcome_of

# A click goes into a batch only with at least JOIN_SHARE of its wait
# (CLICK_COMMIT_TIMEOUT_SECONDS) left, and the batch's INSERT may run for STATEMENT_SHARE of it:
# the rest is the margin for the answer to come back before the request gives up.
JOIN_SHARE = 0.5
STATEMENT_SHARE = 0.4

# A click as the writer gets it: with its wait (seconds) and its deadline (time.monotonic()).
# A plain tuple: built for every click, it costs a tenth of a NamedTuple.
_Queued = tuple[PreparedClick, float, float]


class ClickNotRecorded(Unavailable):
    """The writer did not commit the click in time; nothing may be acknowledged (a 503)."""

    code = "database_unavailable"


class ClickWriter(GroupCommit):
    def __init__(self, engine: Engine, *, max_batch: int = 500, idle_seconds: float = 5.0):
        self._engine = engine
        self._idle_seconds = idle_seconds
        self._connection: Connection | None = None
        self._last_write = 0.0
        self._inherited: list[Connection] = []
        self._closing = False  # a closer waits to close the connection once it idles
        super().__init__(self._write_clicks, max_batch=max_batch)  # last: it handles forks

    def _forked(self) -> None:
        """The parent's connection is never closed from a child (that would end the parent's
        session), so it stays referenced rather than garbage-collected."""
        super()._forked()
        if self._connection is not None:
            self._inherited.append(self._connection)
        self._connection, self._closing = None, False

    def record(self, click: PreparedClick, *, timeout: float = 30.0) -> ClickOutcome:
        """Record `click`; returns once the transaction holding it has committed."""
        deadline = time.monotonic() + timeout
        try:
            row = self.submit((click, timeout, deadline), deadline=deadline)
        except TimedOut:
            # A batch in flight ends by its statement_timeout; either way the shopper is told
            # nothing was recorded, never sent on as if it had been.
            raise ClickNotRecorded(
                f"click {click.id} not committed within {timeout:.0f} s") from None
        # Worked out here, beside the other requests, not by the leader.
        return outcome_of(click, row)

    def _idle(self) -> None:
        """No click waits: see that the connection is closed if none comes for `idle_seconds`."""
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
                self._disconnect()
                return

    def _disconnect(self) -> None:
        """Close the click connection for good (it is out of the pool)."""
        connection, self._connection = self._connection, None
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

    def _connected(self, timeout: float) -> Connection:
        """The click connection, its statement_timeout set for clicks that wait `timeout`.

        Set once, and again only when the configured wait changes. The INSERT may run for
        STATEMENT_SHARE of the wait, and a click goes in only with JOIN_SHARE of it left: the
        difference is the margin for the answer's way back, so a cancelled or committed INSERT
        is over before its request gives up (a 503 is never followed by the click committing).
        """
        try:
            connection = self._connection = self._connection or self._connect()
            timeout_ms = int(timeout * 1000 * STATEMENT_SHARE)
            if connection.info["click_timeout_ms"] != timeout_ms:
                connection.exec_driver_sql(f"SET statement_timeout = {timeout_ms}")
                connection.info["click_timeout_ms"] = timeout_ms
        except Exception:
            self._disconnect()
            raise
        return connection

    def _write_clicks(self, batch: list[_Queued]) -> list[Any]:
        """Commit `batch`: each click's row, or the error its request raises.

        One round trip: the batch is one INSERT in autocommit, atomic and committed when it
        returns. Without a connection nothing of the batch can go in: the error is every
        click's. Which clicks still have time to go in is decided after connecting, right
        before the INSERT, so a slow connect counts against their wait.
        """
        try:
            connection = self._connected(min(timeout for _, timeout, _ in batch))
            now = time.monotonic()
            fresh = [(click, timeout, deadline) for click, timeout, deadline in batch
                     if deadline - now >= timeout * JOIN_SHARE]
            rows = self._insert(connection, fresh) if fresh else {}
        finally:
            self._last_write = time.monotonic()
        return [
            rows[click.id] if click.id in rows
            else ClickNotRecorded(f"click {click.id} not written within {timeout:.0f} s")
            for click, timeout, _ in batch
        ]

    def _insert(self, connection: Connection, fresh: list[_Queued]) -> dict[str, Any]:
        """The inserted rows, or the error, by click id."""
        try:
            rows = insert_clicks(connection, [click for click, _, _ in fresh])
            connection.commit()  # ends SQLAlchemy's transaction; nothing is sent in autocommit
        except Exception as error:
            self._disconnect()  # a broken connection is closed for good, not pooled
            if len(fresh) > 1 and not isinstance(error, OperationalError):
                # One bad row fails the whole INSERT: each click again alone, on a new
                # connection, so only the bad one fails.
                return {queued[0].id: self._write_alone(queued) for queued in fresh}
            return dict.fromkeys((click.id for click, _, _ in fresh), error)
        return rows

    def _write_alone(self, queued: _Queued) -> Any:
        """One click's row, or its error."""
        try:
            (answer,) = self._write_clicks([queued])
        except Exception as error:  # no connection: this click cannot go in
            return error
        return answer
