"""Group commit by leaders: many threads submit work, one transaction carries it all.

A thread that submits while no batch is being written writes one itself, the leader: it takes
everything queued so far, hands it to `write` (which commits it as one unit of work) and wakes
the threads whose items were in it. Then it passes the lead to the first thread that queued
meanwhile, which writes the next batch. Under load one commit carries as many items as arrived
during the previous one; a lone item is written at once, alone, by its own thread. No timer, no
writer thread: a leader is a thread that had to wait for the commit anyway, so no thread has to
win the GIL back from the others before a batch can start (see referrals/click_writer.py, where
the pattern was measured first).

`write(items) -> answers` must answer every item, in order; if it raises, every item of the
batch gets the error. A forked child starts with an empty queue and no leader.
"""

import os
import threading
import weakref
from _thread import allocate_lock
from collections.abc import Callable
from typing import Any


class _Waiting:
    """An item in the queue. `done` is a bare lock taken at birth and released once the item's
    answer is known (or to hand its thread the lead, with `lead` set)."""

    __slots__ = ("answer", "done", "error", "item", "lead")

    def __init__(self, item: Any):
        self.item = item
        self.done = allocate_lock()
        self.done.acquire()
        self.lead = False
        self.answer: Any = None
        self.error: BaseException | None = None


class GroupCommit:
    def __init__(self, write: Callable[[list], list], *, max_batch: int = 200):
        self._write = write
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._queue: list[_Waiting] = []
        self._leading = False
        group = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: (alive := group()) and alive._forked())

    def _forked(self) -> None:
        # Another thread may have held the lock at the fork; that thread does not exist here.
        self._lock = threading.Lock()
        self._queue, self._leading = [], False

    def submit(self, item: Any) -> Any:
        """`item`'s answer, once the batch holding it has been written (or its error)."""
        waiting = _Waiting(item)
        with self._lock:
            self._queue.append(waiting)
            lead, self._leading = not self._leading, True
        if lead:
            self._lead()
        while True:
            waiting.done.acquire()
            if not waiting.lead:
                break
            waiting.lead = False  # handed the lead: this item heads the next batch
            self._lead()
        if waiting.error is not None:
            raise waiting.error
        return waiting.answer

    def _lead(self) -> None:
        with self._lock:
            batch = self._queue[: self._max_batch]
            del self._queue[: self._max_batch]
        try:
            answers = self._write([waiting.item for waiting in batch])
            if len(answers) != len(batch):
                raise RuntimeError(f"{len(answers)} answers for {len(batch)} items")
        except BaseException as error:  # every waiter must wake, whatever happened
            for waiting in batch:
                waiting.error = error
                waiting.done.release()
        else:
            for waiting, answer in zip(batch, answers, strict=True):
                waiting.answer = answer
                waiting.done.release()
        finally:
            with self._lock:
                if self._queue:
                    successor = self._queue[0]
                    successor.lead = True
                    successor.done.release()
                else:
                    self._leading = False
