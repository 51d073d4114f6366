"""Retention in numbers for the merchant: do members come back, how many are active, what the
points still out there are worth, and how much of what was given is spent.

Each figure is defined in docs/guides/loyalty.md ("Retention in numbers"); the words here
follow it. A member "earned" when they hold at least one points reward lot; buyers are told
apart by the shop's customer id, the one an order and a member row share.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, literal, select, union
from sqlalchemy.orm import Session

from core.merchants.models import Merchant
from referrals.promoters.models import Promoter
from rewards.ledger.models import LedgerTransaction, Reward
from rewards.orders.models import Order

ACTIVE_WINDOWS = (30, 90)


@dataclass(frozen=True)
class RepeatRate:
    buyers: int
    repeat_buyers: int

    @property
    def rate(self) -> float | None:
        return round(self.repeat_buyers / self.buyers, 4) if self.buyers else None


@dataclass(frozen=True)
class LoyaltyStats:
    members: int
    earning_buyers: RepeatRate
    other_buyers: RepeatRate
    active_members: dict[int, int]
    points_issued: int
    points_redeemed: int
    points_expired: int
    points_outstanding: int
    liability_amount: int
    currency: str

    @property
    def redemption_rate(self) -> float | None:
        if not self.points_issued:
            return None
        return round(self.points_redeemed / self.points_issued, 4)


def loyalty_stats(session: Session, *, merchant_id: str, now: datetime) -> LoyaltyStats:
    merchant = session.get_one(Merchant, merchant_id)
    members = session.scalar(select(func.count()).select_from(Promoter).where(
        Promoter.merchant_id == merchant_id, Promoter.erased_at.is_(None))) or 0
    earning, other = _repeat_rates(session, merchant_id)
    lots = session.execute(select(
        func.coalesce(func.sum(Reward.amount), 0), func.coalesce(func.sum(Reward.redeemed), 0),
        func.coalesce(func.sum(Reward.expired), 0),
        func.coalesce(func.sum(Reward.pending + Reward.available), 0),
    ).where(Reward.merchant_id == merchant_id, Reward.unit == "points")).one()
    issued, redeemed, expired, outstanding = (int(value) for value in lots)
    return LoyaltyStats(
        members=members, earning_buyers=earning, other_buyers=other,
        active_members={days: _active(session, merchant_id, now - timedelta(days=days))
                        for days in ACTIVE_WINDOWS},
        points_issued=issued, points_redeemed=redeemed, points_expired=expired,
        points_outstanding=outstanding, liability_amount=outstanding * merchant.point_value,
        currency=merchant.currency,
    )


def _repeat_rates(session: Session, merchant_id: str) -> tuple[RepeatRate, RepeatRate]:
    """(buyers who earned points, buyers who never did): how many bought, and how many twice."""
    per_buyer = (select(Order.customer_external_id.label("customer"),
                        func.count().label("orders"))
                 .where(Order.merchant_id == merchant_id)
                 .group_by(Order.customer_external_id).subquery())
    earners = select(Promoter.external_id).where(
        Promoter.merchant_id == merchant_id, Promoter.external_id.is_not(None),
        select(Reward.id).where(Reward.promoter_id == Promoter.id, Reward.unit == "points")
        .exists())
    earned = per_buyer.c.customer.in_(earners)
    rows = session.execute(select(
        case((earned, literal(True)), else_=literal(False)).label("earned"), func.count(),
        func.coalesce(func.sum(case((per_buyer.c.orders >= 2, 1), else_=0)), 0),
    ).group_by("earned")).all()
    found = {bool(row[0]): RepeatRate(int(row[1]), int(row[2])) for row in rows}
    return found.get(True, RepeatRate(0, 0)), found.get(False, RepeatRate(0, 0))


def _active(session: Session, merchant_id: str, since: datetime) -> int:
    """Members who ordered, earned or redeemed since `since`."""
    moved = select(LedgerTransaction.promoter_id.label("member")).where(
        LedgerTransaction.merchant_id == merchant_id, LedgerTransaction.created_at >= since,
        LedgerTransaction.kind.in_(("earn", "redeem_hold")),
        LedgerTransaction.promoter_id.is_not(None))
    ordered = select(Promoter.id.label("member")).join(
        Order, (Order.merchant_id == Promoter.merchant_id)
        & (Order.customer_external_id == Promoter.external_id)
    ).where(Promoter.merchant_id == merchant_id, Order.created_at >= since)
    either = union(moved, ordered).subquery()
    return session.scalar(select(func.count()).select_from(either)) or 0
