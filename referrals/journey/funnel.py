"""The journey as two funnels a marketer can believe, the K-factor and the program's return.

Each stage of a funnel counts a part of the stage before it, so no rate can pass 100%:

- the friends' funnel follows the people who clicked a valid referral link in the range
  (awareness) to their signup (subscribe), their first order (convert) and a later order
  (retention), whenever those happened; a signup without a click in the range (a code typed
  at checkout, an older click) is in the range's totals, not in this funnel;
- the promoters' funnel starts from the members enrolled by the end of the range, then those who
  shared in the range (engagement), then those of the sharers with a friend approved in the range
  (advocacy).

The K-factor is the growth literature's: invitations sent per member x conversion of those
invitations into signups. Shares are the invitations; clicks are their reach, shown beside it.
The two factors multiply to signups per member: how many new friends each member brought.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, distinct, func, select
from sqlalchemy.orm import Session

from core.currencies import format_money, minor_units
from core.merchants.models import Merchant
from referrals.clicks.models import Click
from referrals.promoters.models import Promoter
from referrals.shares.models import Share
from referrals.signups.models import Referral
from rewards.ledger.models import Reward
from rewards.orders.models import Order

FRIEND_STAGES = (
    ("awareness", "People who clicked a referral link"),
    ("subscribe", "… of them, signed up"),
    ("convert", "… of them, placed a first order"),
    ("retention", "… of them, ordered again"),
)
PROMOTER_STAGES = (
    ("members", "Members enrolled by the end of the range"),
    ("engagement", "… of them, shared their link"),
    ("advocacy", "… of them, brought a friend who was approved"),
)


@dataclass(frozen=True)
class Stage:
    stage: str
    label: str
    count: int
    # The share of the stage before that reached this one (0 to 1); None for the first stage,
    # or when the stage before is empty.
    rate: float | None


@dataclass(frozen=True)
class Virality:
    members: int
    # Shares in the range: the invitations.
    invitations: int
    invitations_per_member: float | None
    # Valid clicks per invitation: how many people an invitation reached.
    reach_per_invitation: float | None
    # Signups (not rejected) per invitation; above 1 when one share reached several friends.
    invitation_conversion: float | None
    # invitations_per_member x invitation_conversion: signups each member brought.
    k_factor: float | None


@dataclass(frozen=True)
class ReturnOnRewards:
    currency: str
    # Credited orders in the range, net of refunds, in the merchant's currency (minor units).
    referred_revenue: int
    # Rewards earned in the range, net of refund clawbacks: points at their store-credit value
    # plus rewards in the merchant's currency (minor units).
    rewards_cost: int
    # Referred revenue per unit of reward cost; None before any reward.
    revenue_per_reward: float | None

    @property
    def referred_revenue_text(self) -> str:
        return format_money(self.referred_revenue, self.currency)

    @property
    def rewards_cost_text(self) -> str:
        return format_money(self.rewards_cost, self.currency)

    @property
    def per_reward_text(self) -> str | None:
        """"$12.35 of revenue for every $1.00 of rewards"."""
        if not self.rewards_cost:
            return None
        unit = minor_units(self.currency)
        revenue = format_money(round(self.referred_revenue * unit / self.rewards_cost),
                               self.currency)
        return f"{revenue} of revenue for every {format_money(unit, self.currency)} of rewards"


def rate(part: int, whole: int) -> float | None:
    """part / whole, never above 1 (a sketch-estimated whole may fall a little short of an
    exact part); None when the whole is empty."""
    return min(1.0, round(part / whole, 4)) if whole else None


def _stages(names, counts: list[int]) -> list[Stage]:
    return [Stage(stage, label, count, rate(count, counts[index - 1]) if index else None)
            for index, ((stage, label), count) in enumerate(zip(names, counts, strict=True))]


def friend_funnel(session: Session, *, merchant_id: str, since: datetime, until: datetime,
                  visitors: int) -> list[Stage]:
    """`visitors`: the range's distinct visitors with a valid click (exact or estimated)."""
    orders = (
        select(Order.referral_id.label("referral_id"),
               func.max(case((Order.first_order, 1), else_=0)).label("first"),
               func.max(case((Order.first_order, 0), else_=1)).label("repeat"))
        .where(Order.merchant_id == merchant_id, Order.created_at >= since,
               Order.referral_id.is_not(None))
        .group_by(Order.referral_id).subquery()
    )
    converted = orders.c.first == 1
    signed_up, first, again = session.execute(
        select(func.count(distinct(Click.visitor_id)),
               func.count(distinct(case((converted, Click.visitor_id)))),
               func.count(distinct(case((and_(converted, orders.c.repeat == 1),
                                         Click.visitor_id)))))
        .select_from(Referral)
        .join(Click, Click.id == Referral.click_id)
        .outerjoin(orders, orders.c.referral_id == Referral.id)
        .where(Referral.merchant_id == merchant_id, Referral.created_at >= since,
               Referral.status != "rejected", Click.merchant_id == merchant_id,
               Click.valid.is_(True), Click.created_at >= since, Click.created_at < until)
    ).one()
    return _stages(FRIEND_STAGES, [max(visitors, signed_up), signed_up, first, again])


def members(session: Session, *, merchant_id: str, until: datetime) -> int:
    return session.execute(select(func.count()).select_from(Promoter).where(
        Promoter.merchant_id == merchant_id, Promoter.created_at < until)).scalar_one()


def promoter_funnel(session: Session, *, merchant_id: str, since: datetime, until: datetime,
                    members: int) -> list[Stage]:
    sharing = (select(Share.promoter_id).where(
        Share.merchant_id == merchant_id, Share.created_at >= since, Share.created_at < until)
        .distinct().subquery())
    approved = (select(Referral.promoter_id).where(
        Referral.merchant_id == merchant_id, Referral.status == "approved",
        Referral.created_at >= since, Referral.created_at < until).distinct().subquery())
    sharers, advocates = session.execute(
        select(func.count(), func.count(approved.c.promoter_id))
        .select_from(sharing)
        .outerjoin(approved, approved.c.promoter_id == sharing.c.promoter_id)
    ).one()
    return _stages(PROMOTER_STAGES, [max(members, sharers), sharers, advocates])


def virality(*, members: int, shares: int, clicks: int, signups: int) -> Virality:
    """`signups`: referrals in the range that were not rejected."""
    per_member = round(shares / members, 4) if members else None
    conversion = round(signups / shares, 4) if shares else None
    reach = round(clicks / shares, 2) if shares else None
    k_factor = (round(signups / members, 3)
                if per_member is not None and conversion is not None else None)
    return Virality(members, shares, per_member, reach, conversion, k_factor)


def return_on_rewards(session: Session, *, merchant_id: str, since: datetime,
                      until: datetime) -> ReturnOnRewards:
    merchant = session.get_one(Merchant, merchant_id)
    revenue = session.execute(
        select(func.coalesce(func.sum(Order.amount - Order.refunded_amount), 0)).where(
            Order.merchant_id == merchant_id, Order.promoter_id.is_not(None),
            Order.currency == merchant.currency, Order.created_at >= since,
            Order.created_at < until)
    ).scalar_one()
    earned = dict(session.execute(
        select(Reward.unit, func.coalesce(func.sum(Reward.amount - Reward.refund_clawed), 0))
        .where(Reward.merchant_id == merchant_id, Reward.created_at >= since,
               Reward.created_at < until,
               Reward.unit.in_(("points", merchant.currency)))
        .group_by(Reward.unit)
    ).all())
    cost = int(earned.get("points", 0)) * merchant.point_value + int(
        earned.get(merchant.currency, 0))
    return ReturnOnRewards(merchant.currency, int(revenue), cost,
                           round(int(revenue) / cost, 2) if cost else None)
