"""Closed days of the journey, counted once: the funnel of a busy program in milliseconds.

A million clicks in the dashboard's 30-day range cost seconds to count on every page view. Days
never change once over, so `roll_up` (run by the worker and by `goodword seed`) counts each
merchant's closed UTC days once into journey_totals and journey_shares (per day),
journey_promoter_months (which days each promoter was active, for distinct promoters) and
journey_visitors (a sketch of the day's visitors), and the funnel reads those for whole
rolled-up days and the raw rows only for the rest of its range (today, and a partial first day).

Two things do change a closed day, and both are handled:
- a review decision moves a referral between statuses: `referral_decided` moves it in the
  rollup too, in the decision's transaction, under the rollup's row lock so it cannot slip
  between a roll-up's read and its write;
- a click may be written after its time (a buffered click path): a day is rolled up only
  GRACE after it ends.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, false, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.merchants.models import Merchant
from referrals.clicks.models import Click
from referrals.journey import sketches
from referrals.journey.models import (
    JourneyPromoterMonth,
    JourneyRollup,
    JourneyShares,
    JourneyTotal,
    JourneyVisitors,
)
from referrals.shares.models import Share
from referrals.signups.models import Referral
from rewards.orders.models import Order

GRACE = timedelta(hours=1)
# Days rolled up per call: a first run on a long history commits as it goes.
DAYS_PER_CALL = 31
# Up to this many valid clicks in a range, distinct visitors are counted exactly from the
# clicks; above it, from the day sketches (about 1.6% off) and the raw part's visitors.
EXACT_VISITORS = 50_000
DAY_COUNTS = ("valid_clicks", "invalid_clicks", "approved", "pending_review", "rejected",
              "first_orders", "repeat_orders")


def utc_day(session: Session, column):
    """The UTC calendar day of a timestamp column, on PostgreSQL (whatever the session's zone)
    and on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)


def as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _month_of(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class RawClicks:
    """The clicks of a range's raw part, counted in one pass for the funnel, trend and virality."""

    valid: int
    invalid: int
    valid_by_day: dict[date, int]
    inviting: frozenset[str]  # promoters with a valid click


@dataclass(frozen=True)
class RawReferrals:
    by_status: dict[str, int]
    by_day: dict[date, int]
    approving: frozenset[str]  # promoters with an approved referral


@dataclass(frozen=True)
class RawOrders:
    first: int
    repeat: int
    first_by_day: dict[date, int]


@dataclass(frozen=True)
class Split:
    """A range as whole rolled-up days [first_day, end_day) and the raw time ranges around.

    Each reader below asks the database once per split and keeps the answer, so the funnel,
    the trend and virality of one page view share it.
    """

    rolled: tuple[date, date] | None
    raw: list[tuple[datetime, datetime]]
    _found: dict = field(default_factory=dict, compare=False, repr=False)

    def _once(self, key, compute):
        if key not in self._found:
            self._found[key] = compute()
        return self._found[key]

    def _grouped(self, session: Session, model, merchant_id: str, *columns, extra=()):
        day = utc_day(session, model.created_at)
        return session.execute(
            select(day, *columns, func.count())
            .where(model.merchant_id == merchant_id, self.raw_filter(model.created_at), *extra)
            .group_by(day, *columns)
        ).all()

    def raw_clicks(self, session: Session, merchant_id: str) -> RawClicks:
        def compute():
            valid, invalid, by_day, inviting = 0, 0, defaultdict(int), set()
            for value, promoter, is_valid, count in self._grouped(
                session, Click, merchant_id, Click.promoter_id, Click.valid
            ):
                if is_valid:
                    valid += count
                    by_day[as_date(value)] += count
                    inviting.add(promoter)
                else:
                    invalid += count
            return RawClicks(valid, invalid, dict(by_day), frozenset(inviting))

        return self._once(("clicks", merchant_id), compute)

    def raw_referrals(self, session: Session, merchant_id: str) -> RawReferrals:
        def compute():
            by_status, by_day, approving = defaultdict(int), defaultdict(int), set()
            for value, promoter, status, count in self._grouped(
                session, Referral, merchant_id, Referral.promoter_id, Referral.status
            ):
                by_status[status] += count
                by_day[as_date(value)] += count
                if status == "approved":
                    approving.add(promoter)
            return RawReferrals(dict(by_status), dict(by_day), frozenset(approving))

        return self._once(("referrals", merchant_id), compute)

    def raw_orders(self, session: Session, merchant_id: str) -> RawOrders:
        def compute():
            first, repeat, by_day = 0, 0, defaultdict(int)
            for value, is_first, count in self._grouped(
                session, Order, merchant_id, Order.first_order,
                extra=(Order.promoter_id.is_not(None),),
            ):
                if is_first:
                    first += count
                    by_day[as_date(value)] += count
                else:
                    repeat += count
            return RawOrders(first, repeat, dict(by_day))

        return self._once(("orders", merchant_id), compute)

    def rolled_totals(self, session: Session, merchant_id: str) -> dict[date, dict[str, int]]:
        """The rolled-up days' journey_totals counts, by day (none when nothing is rolled up)."""
        if self.rolled is None:
            return {}
        columns = [getattr(JourneyTotal, name) for name in DAY_COUNTS]
        return self._once(("totals", merchant_id), lambda: {
            as_date(day): dict(zip(DAY_COUNTS, counts, strict=True))
            for day, *counts in session.execute(
                select(JourneyTotal.day, *columns)
                .where(self.rolled_filter(JourneyTotal, merchant_id)))
        })

    def raw_filter(self, column):
        if not self.raw:
            return false()
        return or_(*(and_(column >= start, column < end) for start, end in self.raw))

    def rolled_filter(self, model, merchant_id: str):
        """Rows of a per-day table (journey_totals, journey_shares, ...) in the rolled days."""
        first, end = self.rolled
        return and_(model.merchant_id == merchant_id, model.day >= first, model.day < end)

    def active_promoters(self, merchant_id: str, bits):
        """Promoters whose `bits` (a JourneyPromoterMonth column) has a rolled-up day set."""
        first, end = self.rolled
        months = []
        month = _month_of(first)
        while month < end:
            low, high = max(first, month), min(end, _next_month(month))
            mask = ((1 << (high - low).days) - 1) << (low.day - 1)
            months.append(and_(JourneyPromoterMonth.month == month, bits.op("&")(mask) != 0))
            month = _next_month(month)
        return select(JourneyPromoterMonth.promoter_id).where(
            JourneyPromoterMonth.merchant_id == merchant_id, or_(*months))


def split(session: Session, *, merchant_id: str, since: datetime, until: datetime) -> Split:
    since, until = since.astimezone(UTC), until.astimezone(UTC)
    through = session.scalar(
        select(JourneyRollup.through).where(JourneyRollup.merchant_id == merchant_id))
    if through is None:
        return Split(None, [(since, until)])
    first = since.date() if since == midnight(since.date()) else since.date() + timedelta(days=1)
    end = min(until.date(), as_date(through))
    if first >= end:
        return Split(None, [(since, until)])
    raw = []
    if since < midnight(first):
        raw.append((since, midnight(first)))
    if midnight(end) < until:
        raw.append((midnight(end), until))
    return Split((first, end), raw)


def visitor_sketch(session: Session, *, merchant_id: str, parts: Split) -> bytearray:
    """The merged sketch of the rolled-up days and the raw ranges' valid clicks."""
    sketch = sketches.merged(list(session.scalars(
        select(JourneyVisitors.sketch).where(parts.rolled_filter(JourneyVisitors, merchant_id))
    )))
    # Through the connection, not the ORM: tens of thousands of plain strings.
    return sketches.add(sketch, session.connection().execute(select(Click.visitor_id).where(
        Click.merchant_id == merchant_id, Click.valid.is_(True), parts.raw_filter(Click.created_at),
    )).scalars().all())


def roll_up(session: Session, *, now: datetime) -> int:
    """Roll up closed days of each merchant, at most DAYS_PER_CALL each; how many were rolled
    (a merchant's first call only sets its mark, and counts 1). Call until it returns 0,
    committing in between."""
    closed = (now - GRACE).date()  # days before this one ended at least GRACE ago
    total = 0
    for merchant_id in session.scalars(select(Merchant.id).order_by(Merchant.id)):
        total += _roll_up_merchant(session, merchant_id=merchant_id, closed=closed)
    return total


def _roll_up_merchant(session: Session, *, merchant_id: str, closed: date) -> int:
    mark = _locked_mark(session, merchant_id)
    if mark is None:
        first = _first_day(session, merchant_id)
        if first is None:
            return 0
        try:
            with session.begin_nested():
                session.add(JourneyRollup(merchant_id=merchant_id, through=first))
        except IntegrityError:  # another worker started this merchant's first roll-up
            pass
        # Nothing is rolled up until the mark is committed: a review decision meanwhile could
        # not see (and wait for) an uncommitted mark. The caller commits and calls again.
        return 1
    start = as_date(mark.through)
    if start >= closed:
        return 0
    end = min(closed, start + timedelta(days=DAYS_PER_CALL))
    _roll_up_days(session, merchant_id, start, end)
    mark.through = end
    session.flush()
    return (end - start).days


def _locked_mark(session: Session, merchant_id: str) -> JourneyRollup | None:
    return session.scalars(
        select(JourneyRollup).where(JourneyRollup.merchant_id == merchant_id).with_for_update()
    ).one_or_none()


def _first_day(session: Session, merchant_id: str) -> date | None:
    firsts = [
        session.scalar(select(func.min(model.created_at)).where(model.merchant_id == merchant_id))
        for model in (Click, Share, Referral, Order)
    ]
    firsts = [first for first in firsts if first is not None]
    return min(firsts).astimezone(UTC).date() if firsts else None


def _roll_up_days(session: Session, merchant_id: str, start: date, end: date) -> None:
    def grouped(model, *columns, extra=()):
        day = utc_day(session, model.created_at)
        return session.execute(
            select(day, *columns, func.count()).where(
                model.merchant_id == merchant_id, model.created_at >= midnight(start),
                model.created_at < midnight(end), *extra,
            ).group_by(day, *columns)
        ).all()

    totals: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    active: dict[tuple[date, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, promoter, valid, count in grouped(Click, Click.promoter_id, Click.valid):
        day = as_date(day)
        totals[day]["valid_clicks" if valid else "invalid_clicks"] += count
        if promoter is not None:
            active[_month_of(day), promoter]["clicked_days"] |= (1 << (day.day - 1)) * valid
    for day, promoter, status, count in grouped(Referral, Referral.promoter_id, Referral.status):
        day = as_date(day)
        totals[day][status] += count
        bit = 1 << (day.day - 1) if status == "approved" else 0
        active[_month_of(day), promoter]["approved_days"] |= bit
    for day, first, count in grouped(Order, Order.first_order,
                                     extra=(Order.promoter_id.is_not(None),)):
        totals[as_date(day)]["first_orders" if first else "repeat_orders"] += count
    session.add_all(JourneyTotal(merchant_id=merchant_id, day=day, **counts)
                    for day, counts in totals.items())
    session.add_all(JourneyShares(merchant_id=merchant_id, day=as_date(day), channel=channel,
                                  shares=count)
                    for day, channel, count in grouped(Share, Share.channel))
    _add_active_promoters(session, merchant_id, active)
    visitors_of: dict[date, list[str]] = defaultdict(list)
    day = utc_day(session, Click.created_at)
    for value, visitor in session.execute(select(day, Click.visitor_id).where(
        Click.merchant_id == merchant_id, Click.valid.is_(True),
        Click.created_at >= midnight(start), Click.created_at < midnight(end),
    )):
        visitors_of[value].append(visitor)
    session.add_all(JourneyVisitors(merchant_id=merchant_id, day=as_date(value),
                                    sketch=bytes(sketches.add(sketches.empty(), visitors)))
                    for value, visitors in visitors_of.items())


def _add_active_promoters(session: Session, merchant_id: str, active: dict) -> None:
    """OR this call's days into the promoters' month rows (a month may span two calls)."""
    months = {month for month, _ in active}
    existing = {
        (row.month, row.promoter_id): row for row in session.scalars(
            select(JourneyPromoterMonth).where(
                JourneyPromoterMonth.merchant_id == merchant_id,
                JourneyPromoterMonth.month.in_(months),
            )
        )
    } if months else {}
    for (month, promoter), bits in active.items():
        row = existing.get((month, promoter))
        if row is None:
            session.add(JourneyPromoterMonth(
                merchant_id=merchant_id, month=month, promoter_id=promoter,
                clicked_days=bits["clicked_days"], approved_days=bits["approved_days"]))
        else:
            row.clicked_days |= bits["clicked_days"]
            row.approved_days |= bits["approved_days"]


def referral_decided(session: Session, *, referral: Referral, was: str) -> None:
    """Move a decided referral between statuses in its day's rollup, if that day is rolled up.

    The lock on the merchant's rollup mark waits for a roll-up in progress, so the referral is
    counted once, under its new status, whichever commits first.
    """
    mark = _locked_mark(session, referral.merchant_id)
    day = referral.created_at.astimezone(UTC).date()
    if mark is None or day >= as_date(mark.through):
        return
    session.execute(
        update(JourneyTotal).where(
            JourneyTotal.merchant_id == referral.merchant_id, JourneyTotal.day == day,
        ).values({
            was: getattr(JourneyTotal, was) - 1,
            referral.status: getattr(JourneyTotal, referral.status) + 1,
        })
    )
    if referral.status == "approved":
        session.execute(
            update(JourneyPromoterMonth).where(
                JourneyPromoterMonth.merchant_id == referral.merchant_id,
                JourneyPromoterMonth.month == _month_of(day),
                JourneyPromoterMonth.promoter_id == referral.promoter_id,
            ).values(approved_days=JourneyPromoterMonth.approved_days.op("|")(
                1 << (day.day - 1)))
        )
