"""Group commit by leaders: many threads submit work, one transaction carries it all.

A thread that submits while no batch is being written writes one itself, the leader: it takes
everything queued so far, hands it to `write` (which commits it as one unit of work) and wakes
the threads whose items were in it. Then it passes the lead to the first thread that queued
meanwhile, which writes the next batch. Under load one commit carries as many items as arrived
during the previous one; a lone item is written at once, alone, by its own thread. No timer, no
writer thread: a leader is a thread that had to wait for the commit anyway, so no thread has to
win the GIL back from the others before a batch can start (measured on the click path, see
referrals/clicks/writer.py and bench/README.md).

`write(items) -> answers` must answer every item, in order; an answer that is an exception is
raised in its item's thread (so one bad item fails alone), and if `write` raises, every item of
the batch gets the error. An item submitted with a deadline is given up when the deadline
passes first: it leaves the queue (a batch already being written may still commit it, so a
`write` that must not commit late bounds itself, as the click writer's statement_timeout does)
and its thread raises `TimedOut`. A forked child starts with an empty queue and no leader.
"""

import os
import threading
import time
import weakref
from _thread import allocate_lock
from collections.abc import Callable
from typing import Any


class TimedOut(TimeoutError):
    """The item's deadline passed before its batch was written; it left the queue."""


class _Waiting:
    """An item in the queue. `done` is a bare lock taken at birth and released once the item's
    answer is known (or to hand its thread the lead, with `lead` set): the thread blocks
    acquiring it again (cheaper than an Event, which builds a Condition and a lock per wait)."""

    __slots__ = ("answer", "done", "item", "lead")

    def __init__(self, item: Any):
        self.item = item
        self.done = allocate_lock()
        self.done.acquire()
        self.lead = False
        self.answer: Any = None


class GroupCommit:
    def __init__(self, write: Callable[[list], list], *, max_batch: int = 200):
        self._write = write
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._queue: list[_Waiting] = []
        self._leading = False  # a thread writes a batch, or has been handed the lead
        group = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: (alive := group()) and alive._forked())

    def _forked(self) -> None:
        """In a forked child nothing queued is ours, and the leader thread does not exist."""
        # Another thread may have held the lock at the fork; it would never be released here.
        self._lock = threading.Lock()
        self._queue, self._leading = [], False

    def submit(self, item: Any, *, deadline: float | None = None) -> Any:
        """`item`'s answer, once the batch holding it has been written (or its error).

        `deadline` (a `time.monotonic()` instant): past it, `TimedOut` is raised instead.
        """
        waiting = _Waiting(item)
        with self._lock:
            self._queue.append(waiting)
            lead, self._leading = not self._leading, True
        if lead:
            self._lead()
        while True:
            if deadline is None:
                waiting.done.acquire()
            elif not waiting.done.acquire(timeout=max(deadline - time.monotonic(), 0)):
                self._give_up(waiting)
                raise TimedOut("not written before its deadline")
            if not waiting.lead:
                break
            # Handed the lead: write the next batch (this item is at its head); `done` is
            # held again, for that batch to release.
            waiting.lead = False
            self._lead()
        if isinstance(waiting.answer, BaseException):
            raise waiting.answer
        return waiting.answer

    def _lead(self) -> None:
        """Write the items queued now as one batch, wake their threads, and pass the lead on."""
        with self._lock:
            batch = self._queue[: self._max_batch]
            del self._queue[: self._max_batch]
        try:
            answers = self._write([waiting.item for waiting in batch])
            if len(answers) != len(batch):
                raise RuntimeError(f"{len(answers)} answers for {len(batch)} items")
        except BaseException as error:  # every waiter must wake, whatever happened
            answers = [error] * len(batch)
        try:
            for waiting, answer in zip(batch, answers, strict=True):
                waiting.answer = answer
                waiting.done.release()
        finally:
            with self._lock:
                self._hand_over()

    def _hand_over(self) -> None:
        """Under the lock: wake the first queued item's thread to lead, or end the lead."""
        if self._queue:
            successor = self._queue[0]
            successor.lead = True
            successor.done.release()
        else:
            self._leading = False
            self._idle()

    def _idle(self) -> None:
        """Under the lock, when the lead ends with nothing queued: for subclasses to tidy up."""

    def _give_up(self, waiting: _Waiting) -> None:
        """An item whose deadline passed leaves the queue if still there (so no later batch
        writes it); if its thread was just handed the lead, the lead goes on to the next item."""
        with self._lock:
            if waiting in self._queue:
                self._queue.remove(waiting)
            if waiting.lead:
                waiting.lead = False
                self._hand_over()
