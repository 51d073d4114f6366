"""The journey over time and the program's virality, for the dashboard, counted in SQL."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from referrals.journey import rollup as journey_rollup
from referrals.journey.models import JourneyPromoterMonth
from referrals.promoters.models import Promoter
from referrals.signups.models import REFERRAL_STATUSES, Referral

# Cycle times are a median over at most this many recent referrals: enough to be stable,
# few enough that the page stays fast on a busy program.
CYCLE_SAMPLE = 5000


@dataclass(frozen=True)
class DailyCounts:
    day: date
    clicks: int
    signups: int
    first_orders: int


@dataclass(frozen=True)
class Virality:
    """How the referral loop turns; the K-factor itself is referrals/journey/funnel.py's."""

    # Promoters whose link got at least one valid click in the range.
    inviting_promoters: int
    # Median time from a promoter joining to a friend of theirs signing up, over referrals in
    # the range: how long one turn of the referral loop takes.
    cycle_time: timedelta | None


def daily(
    session: Session, *, merchant_id: str, since: datetime, until: datetime,
    parts: journey_rollup.Split | None = None,
) -> list[DailyCounts]:
    """Valid clicks, signups and credited first orders per UTC day in [since, until):
    rolled-up days from journey_totals, the rest from the rows. `parts`: the range's split,
    when the caller has it (stats.Journey.parts)."""
    parts = parts or journey_rollup.split(session, merchant_id=merchant_id, since=since,
                                          until=until)

    clicks = dict(parts.raw_clicks(session, merchant_id).valid_by_day)
    signups = dict(parts.raw_referrals(session, merchant_id).by_day)
    first_orders = dict(parts.raw_orders(session, merchant_id).first_by_day)
    for day, counts in parts.rolled_totals(session, merchant_id).items():
        clicks[day] = clicks.get(day, 0) + counts["valid_clicks"]
        signups[day] = signups.get(day, 0) + sum(counts[status] for status in REFERRAL_STATUSES)
        first_orders[day] = first_orders.get(day, 0) + counts["first_orders"]
    days = []
    current, last = since.date(), (until - timedelta(microseconds=1)).date()
    while current <= last:
        days.append(DailyCounts(current, clicks.get(current, 0), signups.get(current, 0),
                                first_orders.get(current, 0)))
        current += timedelta(days=1)
    return days


def virality(
    session: Session, *, merchant_id: str, since: datetime, until: datetime,
    parts: journey_rollup.Split | None = None,
) -> Virality:
    parts = parts or journey_rollup.split(session, merchant_id=merchant_id, since=since,
                                          until=until)
    inviting = set(parts.raw_clicks(session, merchant_id).inviting)
    if parts.rolled is not None:
        inviting.update(session.scalars(
            parts.active_promoters(merchant_id, JourneyPromoterMonth.clicked_days)))
    pairs = session.execute(
        select(Referral.created_at, Promoter.created_at)
        .join(Promoter, Promoter.id == Referral.promoter_id)
        .where(Referral.merchant_id == merchant_id, Referral.created_at >= since,
               Referral.created_at < until)
        .order_by(Referral.created_at.desc()).limit(CYCLE_SAMPLE)
    ).all()
    seconds = [(referred - joined).total_seconds() for referred, joined in pairs]
    cycle = timedelta(seconds=round(statistics.median(seconds))) if seconds else None
    return Virality(len(inviting), cycle)
