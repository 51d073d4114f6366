"""Stage counts of the customer journey, per promoter and per merchant, counted in SQL.

Every figure is an aggregate over indexed columns ((promoter_id, created_at) and
(merchant_id, created_at) on clicks, shares and referrals): no rows are loaded to be counted.
A merchant's funnel reads whole closed days from their rollup (referrals/journey/rollup.py).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from core.errors import InvalidInput
from referrals.clicks.models import Click
from referrals.journey import funnel as journey_funnel
from referrals.journey import rollup as journey_rollup
from referrals.journey import sketches
from referrals.journey.models import JourneyPromoterMonth, JourneyShares
from referrals.links.channels import CHANNELS
from referrals.promoters import service as promoters_service
from referrals.promoters.models import Promoter
from referrals.shares.models import Share
from referrals.signups.models import REFERRAL_STATUSES, Referral
from rewards.orders.models import Order


@dataclass(frozen=True)
class StageCounts:
    clicks: int
    invalid_clicks: int
    unique_visitors: int
    shares_by_channel: dict[str, int]
    referrals_by_status: dict[str, int]
    # Promoters with at least one approved referral: the advocacy stage. Per promoter, 0 or 1.
    advocates: int = 0
    # Credited orders: a referred customer's first (convert) and later ones (retention).
    first_orders: int = 0
    repeat_orders: int = 0
    shares: int = field(init=False)
    signups: int = field(init=False)
    # Signups per unique visitor; None before anyone has visited.
    signup_rate: float | None = field(init=False)

    def __post_init__(self):
        signups = sum(self.referrals_by_status.values())
        object.__setattr__(self, "shares", sum(self.shares_by_channel.values()))
        object.__setattr__(self, "signups", signups)
        rate = round(signups / self.unique_visitors, 4) if self.unique_visitors else None
        object.__setattr__(self, "signup_rate", rate)


def promoter_with_counts(
    session: Session, *, merchant_id: str, promoter_id: str
) -> tuple[Promoter, StageCounts]:
    promoter = promoters_service.get_promoter(
        session, merchant_id=merchant_id, promoter_id=promoter_id
    )
    return promoter, promoter_counts(session, promoter_id=promoter.id)


def promoter_counts(session: Session, *, promoter_id: str) -> StageCounts:
    """What one promoter's links and shares have done, over all time."""
    return _counts(
        session,
        click_filter=Click.promoter_id == promoter_id,
        share_filter=Share.promoter_id == promoter_id,
        referral_filter=Referral.promoter_id == promoter_id,
        order_filter=Order.promoter_id == promoter_id,
    )


MAX_RANGE = timedelta(days=366)
DEFAULT_RANGE = timedelta(days=30)


@dataclass(frozen=True)
class Journey:
    start: datetime
    end: datetime
    counts: StageCounts
    # Each stage a part of the one before (referrals/journey/funnel.py).
    friend_funnel: list[journey_funnel.Stage] = field(default_factory=list, compare=False)
    promoter_funnel: list[journey_funnel.Stage] = field(default_factory=list, compare=False)
    virality: journey_funnel.Virality | None = field(default=None, compare=False)
    return_on_rewards: journey_funnel.ReturnOnRewards | None = field(default=None, compare=False)
    # How the range splits into rolled-up days and raw rows, for the trend of the same range.
    parts: journey_rollup.Split | None = field(default=None, compare=False, repr=False)


def journey(
    session: Session,
    *,
    merchant_id: str,
    now: datetime,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Journey:
    """The funnel for [start, end): by default the 30 days before `end`, itself default now."""
    end = end or now
    start = start or end - DEFAULT_RANGE
    if not start < end:
        raise InvalidInput("start must be before end.", param="start")
    if end - start > MAX_RANGE:
        raise InvalidInput("The range may span at most 366 days.", param="start")
    parts = journey_rollup.split(session, merchant_id=merchant_id, since=start, until=end)
    counts = journey_counts(session, merchant_id=merchant_id, since=start, until=end,
                            parts=parts)
    members = journey_funnel.members(session, merchant_id=merchant_id, until=end)
    signups = counts.signups - counts.referrals_by_status.get("rejected", 0)
    return Journey(
        start=start, end=end, counts=counts, parts=parts,
        friend_funnel=journey_funnel.friend_funnel(
            session, merchant_id=merchant_id, since=start, until=end,
            visitors=counts.unique_visitors),
        promoter_funnel=journey_funnel.promoter_funnel(
            session, merchant_id=merchant_id, since=start, until=end, members=members),
        virality=journey_funnel.virality(members=members, shares=counts.shares,
                                         clicks=counts.clicks, signups=signups),
        return_on_rewards=journey_funnel.return_on_rewards(
            session, merchant_id=merchant_id, since=start, until=end),
    )


def journey_counts(
    session: Session, *, merchant_id: str, since: datetime, until: datetime,
    parts: journey_rollup.Split | None = None,
) -> StageCounts:
    """The merchant's funnel for events in [since, until): whole rolled-up days from their
    rollup, the rest of the range from the rows themselves."""
    parts = parts or journey_rollup.split(session, merchant_id=merchant_id, since=since,
                                          until=until)
    if parts.rolled is not None:
        return _rolled_counts(session, merchant_id=merchant_id, since=since, until=until,
                              parts=parts)
    return _counts(
        session,
        click_filter=(Click.merchant_id == merchant_id)
        & (Click.created_at >= since) & (Click.created_at < until),
        share_filter=(Share.merchant_id == merchant_id) & (Share.created_at >= since)
        & (Share.created_at < until),
        referral_filter=(Referral.merchant_id == merchant_id)
        & (Referral.created_at >= since) & (Referral.created_at < until),
        order_filter=(Order.merchant_id == merchant_id) & Order.promoter_id.is_not(None)
        & (Order.created_at >= since) & (Order.created_at < until),
    )


def _rolled_counts(
    session: Session, *, merchant_id: str, since: datetime, until: datetime,
    parts: journey_rollup.Split,
) -> StageCounts:
    counts = dict.fromkeys(journey_rollup.DAY_COUNTS, 0)
    for day_counts in parts.rolled_totals(session, merchant_id).values():
        for name, count in day_counts.items():
            counts[name] += count
    raw_clicks = parts.raw_clicks(session, merchant_id)
    counts["valid_clicks"] += raw_clicks.valid
    counts["invalid_clicks"] += raw_clicks.invalid
    raw_referrals = parts.raw_referrals(session, merchant_id)
    for status, count in raw_referrals.by_status.items():
        counts[status] += count
    advocates = set(raw_referrals.approving)
    advocates.update(session.scalars(
        parts.active_promoters(merchant_id, JourneyPromoterMonth.approved_days)))
    raw_orders = parts.raw_orders(session, merchant_id)
    if counts["valid_clicks"] <= journey_rollup.EXACT_VISITORS:
        visitors = session.execute(select(func.count(distinct(Click.visitor_id))).where(
            Click.merchant_id == merchant_id, Click.valid.is_(True), Click.created_at >= since,
            Click.created_at < until,
        )).scalar_one()
    else:
        visitors = sketches.estimate(
            journey_rollup.visitor_sketch(session, merchant_id=merchant_id, parts=parts))
    shares = dict(session.execute(
        select(JourneyShares.channel, func.sum(JourneyShares.shares))
        .where(parts.rolled_filter(JourneyShares, merchant_id)).group_by(JourneyShares.channel)
    ).all())
    for channel, count in session.execute(
        select(Share.channel, func.count())
        .where(Share.merchant_id == merchant_id, parts.raw_filter(Share.created_at))
        .group_by(Share.channel)
    ):
        shares[channel] = int(shares.get(channel, 0)) + count
    return StageCounts(
        clicks=counts["valid_clicks"],
        invalid_clicks=counts["invalid_clicks"],
        unique_visitors=visitors,
        shares_by_channel={channel: int(shares.get(channel, 0)) for channel in CHANNELS},
        referrals_by_status={status: counts[status] for status in REFERRAL_STATUSES},
        advocates=len(advocates),
        first_orders=counts["first_orders"] + raw_orders.first,
        repeat_orders=counts["repeat_orders"] + raw_orders.repeat,
    )


def _counts(
    session: Session, *, click_filter, share_filter, referral_filter, order_filter
) -> StageCounts:
    clicks, invalid, visitors = session.execute(
        select(
            func.coalesce(func.sum(case((Click.valid, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Click.valid, 0), else_=1)), 0),
            func.count(distinct(case((Click.valid, Click.visitor_id)))),
        ).where(click_filter)
    ).one()
    shares = dict(
        session.execute(
            select(Share.channel, func.count()).where(share_filter).group_by(Share.channel)
        ).all()
    )
    referrals = dict(
        session.execute(
            select(Referral.status, func.count()).where(referral_filter).group_by(Referral.status)
        ).all()
    )
    advocates = session.execute(
        select(func.count(distinct(Referral.promoter_id))).where(
            referral_filter, Referral.status == "approved"
        )
    ).scalar_one()
    first_orders, repeat_orders = session.execute(
        select(
            func.coalesce(func.sum(case((Order.first_order, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Order.first_order, 0), else_=1)), 0),
        ).where(order_filter)
    ).one()
    return StageCounts(
        first_orders=int(first_orders),
        repeat_orders=int(repeat_orders),
        clicks=int(clicks),
        invalid_clicks=int(invalid),
        unique_visitors=visitors,
        shares_by_channel={channel: shares.get(channel, 0) for channel in CHANNELS},
        referrals_by_status={status: referrals.get(status, 0) for status in REFERRAL_STATUSES},
        advocates=advocates,
    )
