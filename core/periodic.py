"""Jobs that run once per period however many workers run them: the period's row is the claim.

A worker inserts (job, period_start) in the transaction that does the period's work. A second
worker inserting the same row waits on the primary key until the first commits, then fails and
skips the period; if the first rolled back (or died), the second does the work instead.
"""

from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Model, UTCDateTime


class PeriodicRun(Model):
    __tablename__ = "periodic_runs"

    job: Mapped[str] = mapped_column(String(60), primary_key=True)
    period_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime)


def claimed_periods(session: Session, *, job: str, since: datetime) -> set[datetime]:
    return set(session.scalars(select(PeriodicRun.period_start).where(
        PeriodicRun.job == job, PeriodicRun.period_start >= since)))


def claim_period(session: Session, *, job: str, period_start: datetime, now: datetime) -> bool:
    """True when this transaction now owns the period; False when another already did it."""
    try:
        with session.begin_nested():
            session.add(PeriodicRun(job=job, period_start=period_start, ran_at=now))
    except IntegrityError:
        return False
    return True
