"""The worker's webhook sender: up to `size` POSTs in flight, each started as soon as a slot is
free, instead of batches that wait for their slowest POST.

A batch that waits for all its POSTs lets one trickling receiver hold every other delivery of
the batch, and the next batch, for as long as it trickles. Here each POST runs in a thread of
its own, within its deadline; the caller's thread claims (fairly: core.events.fair_claim) as
many deliveries as there are free slots and records answers as they come, each step in one
short transaction. A slow endpoint holds at most `per_endpoint` slots, and only until its
deadline; every other endpoint's events take the rest.
"""

import logging
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime

from core.events import delivery
from core.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PoolSettings:
    size: int
    per_endpoint: int = delivery.PER_ENDPOINT
    deadline_seconds: float = delivery.DEADLINE_SECONDS
    production: bool = False


class DeliveryPool:
    """`step` from one thread (it uses that thread's session); the POSTs run in the pool."""

    def __init__(self, settings: PoolSettings, *, credentials_secrets: list[bytes]):
        self.settings = settings
        self.credentials_secrets = credentials_secrets
        self.recorded = 0  # answers recorded so far, for tests and logs
        self._executor = ThreadPoolExecutor(max_workers=settings.size,
                                            thread_name_prefix="webhook-post")
        self._in_flight: dict[Future[delivery.Response], delivery.Claimed] = {}

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def step(self, unit: UnitOfWork, *, clock: Callable[[], datetime]) -> int:
        """Record the POSTs that finished, then start as many due ones as there are free
        slots; how many were recorded or started."""
        recorded = self._record_finished(unit, now=clock())
        free = self.settings.size - len(self._in_flight)
        if free <= 0:
            return recorded
        now = clock()
        claimed = delivery.claim_due(
            unit, now=now, limit=free, credentials_secrets=self.credentials_secrets,
            per_endpoint=self.settings.per_endpoint,
            lease=delivery.lease_for(1, self.settings.deadline_seconds))
        for item in claimed:
            future = self._executor.submit(delivery.post, item, now=now,
                                           production=self.settings.production,
                                           deadline_seconds=self.settings.deadline_seconds)
            self._in_flight[future] = item
        return recorded + len(claimed)

    def wait(self, timeout: float) -> None:
        """Until a POST finishes, or `timeout` seconds."""
        if self._in_flight:
            wait(list(self._in_flight), timeout=timeout, return_when=FIRST_COMPLETED)

    def drain(self, unit: UnitOfWork, *, clock: Callable[[], datetime]) -> int:
        """Let every POST in flight finish (each within its deadline) and record it."""
        wait(list(self._in_flight))
        recorded = self._record_finished(unit, now=clock())
        self._executor.shutdown(wait=True)
        return recorded

    def _record_finished(self, unit: UnitOfWork, *, now: datetime) -> int:
        done = [future for future in self._in_flight if future.done()]
        results = []
        for future in done:
            if future.exception() is not None:
                # A bug, not a receiver's fault (post() catches those): the lease runs out and
                # another attempt is made then.
                log.error("webhook POST failed", exc_info=future.exception())
            else:
                results.append((self._in_flight[future], future.result()))
        if results:
            delivery.record_all(unit.session, results=results, now=now)
            unit.commit()
        for future in done:  # only once recorded: a failed commit is tried again next step
            del self._in_flight[future]
        self.recorded += len(results)
        return len(results)
