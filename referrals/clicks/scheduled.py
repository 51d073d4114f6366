"""`click.invalid` in aggregate: one event per merchant per hour, with counts by reason.

The click path is hot, so invalid clicks are not evented one by one: a worker job reads the
clicks table after each hour has ended and emits what the hour held. Each hour is reported once
across all workers (core.periodic), and an hour with no invalid clicks emits nothing.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.events import emit
from core.merchants.models import Merchant
from core.periodic import claim_period, claimed_periods
from referrals.clicks.models import Click

JOB = "click.invalid"
PERIOD = timedelta(hours=1)
# An hour is reported this long after it ends, so clicks written a little late still count.
SETTLE = timedelta(minutes=5)
# After a worker outage, hours further back than this are not reported any more.
LOOKBACK = timedelta(days=3)


def hour_of(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def report_next_period(session: Session, *, now: datetime) -> bool:
    """Report the oldest finished hour nobody has reported; False when none is left. The
    caller commits, which releases the period to the other workers as done."""
    last = hour_of(now - SETTLE) - PERIOD
    start = hour_of(now - LOOKBACK)
    done = claimed_periods(session, job=JOB, since=start)
    period = start
    while period <= last:
        if period not in done and claim_period(session, job=JOB, period_start=period, now=now):
            _report(session, period=period, now=now)
            return True
        period += PERIOD
    return False


def _report(session: Session, *, period: datetime, now: datetime) -> None:
    end = period + PERIOD
    # One indexed range query per merchant (clicks are indexed by merchant and time).
    for merchant_id in session.scalars(select(Merchant.id).order_by(Merchant.id)):
        counts = dict(session.execute(
            select(Click.invalid_reason, func.count())
            .where(Click.merchant_id == merchant_id, Click.created_at >= period,
                   Click.created_at < end, Click.valid.is_(False))
            .group_by(Click.invalid_reason)
        ).all())
        if counts:
            emit(session, merchant_id=merchant_id, type="click.invalid", now=now, data={
                "period_start": period, "period_end": end, "count": sum(counts.values()),
                "reasons": dict(sorted(counts.items())),
            })
