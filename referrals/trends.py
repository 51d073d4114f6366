"""The journey over time and the program's virality, for the dashboard, counted in SQL."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from referrals import journey_rollup
from referrals.journey_models import JourneyPromoterMonth, JourneyTotal
from referrals.models import Promoter, Referral
from rewards.models import Order

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
    # Promoters whose link got at least one valid click in the range.
    inviting_promoters: int
    # Invites per inviting promoter: valid clicks / inviting promoters.
    invites_per_promoter: float | None
    # Invite conversion: signups (not rejected) / valid clicks.
    invite_conversion: float | None
    # K = invites per promoter x invite conversion: new customers each promoter brings. Above 1,
    # the program grows by itself (if every new customer promotes in turn).
    k_factor: float | None
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

    def per_day(model, *conditions) -> dict[date, int]:
        day = journey_rollup.utc_day(session, model.created_at)
        rows = session.execute(
            select(day, func.count()).where(
                model.merchant_id == merchant_id, parts.raw_filter(model.created_at),
                *conditions,
            ).group_by(day)
        ).all()
        return {journey_rollup.as_date(value): count for value, count in rows}

    clicks = dict(parts.raw_clicks(session, merchant_id).valid_by_day)
    signups = per_day(Referral)
    first_orders = per_day(Order, Order.promoter_id.is_not(None), Order.first_order.is_(True))
    if parts.rolled is not None:
        for day, day_clicks, day_signups, day_first_orders in session.execute(
            select(JourneyTotal.day, JourneyTotal.valid_clicks,
                   JourneyTotal.approved + JourneyTotal.pending_review + JourneyTotal.rejected,
                   JourneyTotal.first_orders)
            .where(parts.rolled_filter(JourneyTotal, merchant_id))
        ):
            day = journey_rollup.as_date(day)
            clicks[day] = clicks.get(day, 0) + int(day_clicks)
            signups[day] = signups.get(day, 0) + int(day_signups)
            first_orders[day] = first_orders.get(day, 0) + int(day_first_orders)
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
    raw_clicks = parts.raw_clicks(session, merchant_id)
    clicks, inviting = raw_clicks.valid, set(raw_clicks.inviting)
    signups = session.scalar(
        select(func.count()).where(
            Referral.merchant_id == merchant_id, Referral.status != "rejected",
            parts.raw_filter(Referral.created_at),
        )
    )
    if parts.rolled is not None:
        rolled_clicks, rolled_signups = session.execute(
            select(func.coalesce(func.sum(JourneyTotal.valid_clicks), 0),
                   func.coalesce(func.sum(JourneyTotal.approved + JourneyTotal.pending_review),
                                 0))
            .where(parts.rolled_filter(JourneyTotal, merchant_id))
        ).one()
        clicks += int(rolled_clicks)
        signups += int(rolled_signups)
        inviting.update(session.scalars(
            parts.active_promoters(merchant_id, JourneyPromoterMonth.clicked_days)))
    promoters = len(inviting)
    per_promoter = round(clicks / promoters, 2) if promoters else None
    conversion = round(signups / clicks, 4) if clicks else None
    k_factor = (
        round(per_promoter * conversion, 3)
        if per_promoter is not None and conversion is not None else None
    )
    pairs = session.execute(
        select(Referral.created_at, Promoter.created_at)
        .join(Promoter, Promoter.id == Referral.promoter_id)
        .where(Referral.merchant_id == merchant_id, Referral.created_at >= since,
               Referral.created_at < until)
        .order_by(Referral.created_at.desc()).limit(CYCLE_SAMPLE)
    ).all()
    seconds = [(referred - joined).total_seconds() for referred, joined in pairs]
    cycle = timedelta(seconds=round(statistics.median(seconds))) if seconds else None
    return Virality(promoters, per_promoter, conversion, k_factor, cycle)
