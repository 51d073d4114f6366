"""Group commit of paid orders: the orders of concurrent requests recorded in one transaction.

Recording an order alone is about fifteen statements and a commit, each a round trip and a few
hundred microseconds of SQLAlchemy, so a merchant's flash sale is capped by the Python of the
money path long before the database is busy. Here the orders of a process (with or without a
click, token or code; not those paid through Stripe, nor subscription invoices) queue up, and
one request thread at a time, the leader (core.group_commit), records every order queued so far
with `purchase_batches.record_purchases` in one transaction of a fixed number of statements
(two more per order with a link), commits once, and wakes their requests. A request is
answered only after its order's transaction has committed, so the API promises what it
promised before: the order and its rewards are on the books when the answer comes.

An order the batch leaves (see purchase_batches) comes back as None, and so does every order
of a batch that failed (rolled back whole, logged; also one that waited for a lock longer than
two seconds): the request then records it alone with
`purchases.record_purchase` in its own transaction, which answers it as it always did, errors
included. If a commit failed after the database had committed (the connection lost on the way
back), that second try finds the order by its external id and answers it as already recorded.
"""

import logging
from collections import defaultdict
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.group_commit import GroupCommit
from core.merchants.models import Merchant
from referrals import purchase_batches
from referrals.purchase_batches import Link
from rewards.models import Order
from rewards.orders import Purchase

log = logging.getLogger(__name__)

# Every plain order of the process waits behind the batch being written, whichever merchant or
# customer it is for: a batch stuck behind a lock (a customer's row held by a long
# transaction elsewhere) gives up after lock_timeout and its orders are recorded one by one,
# each waiting only for its own locks. Transaction-local (set_config(..., true)); sent as
# plain SQL, a fifth of what building the statement with SQLAlchemy cost.
_TIMEOUTS = ("SELECT set_config('lock_timeout', '2s', true),"
             " set_config('statement_timeout', '10s', true)")


class OrderWriter:
    def __init__(self, engine: Engine, *, max_batch: int = 200):
        self._engine = engine
        self._group = GroupCommit(self._write, max_batch=max_batch)

    def record(self, *, merchant: Merchant, purchase: Purchase, now: datetime,
               link: Link | None = None) -> Order | None:
        """The new order, committed with its rewards; None when it is for `record_purchase`.
        `merchant` as the caller read it (its columns loaded; it may be detached): the batch
        reads its id, currency and hold days, as `record_purchase` would. `link`: the click,
        token or code that came with the order."""
        return self._group.submit((merchant.id, merchant, purchase, now, link))

    def _write(self, batch: list[tuple[str, Merchant, Purchase, datetime, Link | None]]
               ) -> list[Order | None]:
        """One transaction per merchant in the batch (most batches hold one)."""
        by_merchant: dict[str, list[int]] = defaultdict(list)
        for index, (merchant_id, *_) in enumerate(batch):
            by_merchant[merchant_id].append(index)
        answers: list[Order | None] = [None] * len(batch)
        for merchant_id in sorted(by_merchant):
            indexes = by_merchant[merchant_id]
            try:
                with Session(self._engine, expire_on_commit=False) as session:
                    session.connection().exec_driver_sql(_TIMEOUTS)
                    merchant = batch[indexes[0]][1]
                    recorded = purchase_batches.record_purchases(
                        session, merchant=merchant,
                        purchases=[batch[index][2:] for index in indexes],
                    )
                    if any(recorded):
                        session.commit()
                    # else rolled back on leaving: customers enrolled for orders left behind
            except Exception:
                # Rolled back whole: each order is recorded alone by its own request instead.
                log.warning("order batch of %d failed; recording them one by one",
                            len(indexes), exc_info=True)
                continue
            for index, order in zip(indexes, recorded, strict=True):
                answers[index] = order
        return answers
