"""The unit of work: one use case, one database transaction, kept only when committed.

A request, a CLI command and a job each open one (`api/request/unit_of_work.py`, `api/cli`, the
worker) and decide at their end whether it is kept. Services take the session (or, where a use
case must keep part of its work before a network call, the unit of work itself) and never call
`session.commit()`: whoever opened the unit of work commits it.

    with UnitOfWork(db.session) as uow:
        merchants_service.create_merchant(uow.session, ...)
        uow.commit()
    # leaving the block without commit() rolls everything back, also on an exception
"""

from types import TracebackType

from sqlalchemy.orm import Session


class UnitOfWork:
    """A transaction on `session` that rolls back on exit unless `commit()` was called last."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __enter__(self) -> "UnitOfWork":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        # After a commit there is nothing left to roll back; otherwise nothing half done stays.
        self.session.rollback()

    def commit(self) -> None:
        """Keep everything written so far. A use case that calls out over the network (Stripe,
        a webhook receiver) commits its pending row first, calls out with a deterministic
        idempotency key, then records the answer and commits again (DESIGN.md, Architecture)."""
        self.session.commit()

    def rollback(self) -> None:
        """Discard everything written since the last commit; the unit of work goes on."""
        self.session.rollback()
