"""Redemptions, in two phases: hold the points, then post them when the reward is issued or
release them when issuing fails. A Stripe coupon is issued between the phases, outside any
database transaction; store credit needs no outside call and is issued at once."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.events import emit
from core.ids import new_id
from core.merchants.models import Merchant
from rewards.catalog import service as catalog
from rewards.catalog.models import CatalogReward
from rewards.earning import standing
from rewards.errors import (
    InsufficientBalance,
    RedemptionLimitReached,
    RedemptionNotFound,
    RedemptionNotHeld,
)
from rewards.ledger import service as ledger
from rewards.ledger.models import MERCHANT_OWNER, Reward
from rewards.ledger.service import Cause, Leg
from rewards.redemptions.models import Redemption

# What a promoter may ask for: store credit, or a Stripe payout in the merchant's chosen form.
REWARD_KINDS = ("store_credit", "stripe")
# How a Stripe payout went out, as recorded on the redemption.
STRIPE_PAYOUT_KINDS = ("promotion_code", "customer_balance")


def hold(
    session: Session,
    *,
    merchant: Merchant,
    promoter_id: str,
    points: int,
    reward_kind: str,
    now: datetime,
    catalog_reward: CatalogReward | None = None,
) -> Redemption:
    """Set `points` aside from the promoter's available balance, oldest points first.

    The promoter's available lots are locked before the accounts (the order every money path
    here uses), so concurrent redemptions queue up and the last ones find too little.
    Every redemption passes here (API, portal, the catalog), so here a blocked or erased
    promoter is refused, and a catalog reward's per-member limit is counted under the same
    lot locks (two redemptions of one member cannot both find room for one more).
    """
    standing.refuse_redemption(session, promoter_id=promoter_id)
    lots = session.scalars(
        select(Reward).where(
            Reward.promoter_id == promoter_id, Reward.unit == "points", Reward.available > 0,
            # Points past their expiry are gone, even before the expiry job has run.
            Reward.expires_at.is_(None) | (Reward.expires_at > now),
        ).order_by(Reward.id).with_for_update()
    ).all()
    available = sum(lot.available for lot in lots)
    if catalog_reward is not None:
        _check_limit(session, promoter_id, catalog_reward)
    if points > available:
        raise InsufficientBalance(
            f"Only {available} points are available; {points} were asked for.", param="points"
        )
    allocations, left = {}, points
    for lot in lots:
        take = min(lot.available, left)
        if take:
            lot.available -= take
            lot.redeemed += take
            allocations[lot.id] = take
            left -= take
        if lot.available == 0 and lot.pending == 0:
            lot.status = "settled"
        if not left:
            break
    redemption = Redemption(
        id=new_id("rdm"), merchant_id=merchant.id, promoter_id=promoter_id, unit="points",
        amount=points, reward_kind=reward_kind, status="held",
        credit_amount=points * merchant.point_value, credit_currency=merchant.currency,
        allocations=allocations, created_at=now,
    )
    if catalog_reward is not None:
        # What the member receives is the catalog's: an amount for store credit or an amount
        # off, nothing in money for a percentage, a product or an uploaded code.
        redemption.catalog_reward_id = catalog_reward.id
        redemption.credit_amount = catalog_reward.amount
        redemption.credit_currency = catalog_reward.currency
    session.add(redemption)
    session.flush()
    ledger.post(
        session, merchant_id=merchant.id, kind="redeem_hold", unit="points",
        key=f"redeem_hold:{redemption.id}",
        legs=[Leg(promoter_id, "available", -points), Leg(promoter_id, "held", points)],
        cause=Cause("redemption", redemption.id), description=f"{points} points held",
        now=now, promoter_id=promoter_id,
    )
    return redemption


def redeem_catalog_reward(session: Session, *, merchant: Merchant, promoter_id: str,
                          catalog_reward_id: str, now: datetime) -> Redemption:
    """Spend the reward's points cost on it and hand it out: store credit at once, a single-use
    code for a coupon or a free product, or the next free code of an uploaded pool. Refused
    before anything is held when the reward is off or in a currency the shop left; a pool
    that runs out refuses it and the caller rolls the hold back."""
    reward = catalog.get_reward(session, merchant_id=merchant.id, reward_id=catalog_reward_id)
    catalog.check_redeemable(reward, merchant)
    redemption = hold(session, merchant=merchant, promoter_id=promoter_id,
                      points=reward.points_cost, reward_kind=reward.kind, now=now,
                      catalog_reward=reward)
    code = None
    if reward.kind == "code_pool":
        code = catalog.claim_code(session, reward=reward, redemption_id=redemption.id, now=now)
    elif reward.kind != "store_credit":
        code = catalog.single_use_code(redemption.id)
    return issue(session, merchant_id=merchant.id, redemption_id=redemption.id, now=now,
                 promotion_code=code)


def _check_limit(session: Session, promoter_id: str, reward: CatalogReward) -> None:
    if reward.per_member_limit is None:
        return
    taken = session.scalar(select(func.count()).select_from(Redemption).where(
        Redemption.promoter_id == promoter_id, Redemption.catalog_reward_id == reward.id,
        Redemption.status != "failed")) or 0
    if taken >= reward.per_member_limit:
        raise RedemptionLimitReached(
            f"This reward can be redeemed {reward.per_member_limit} time(s) per member.",
            param="catalog_reward")


def issue(session: Session, *, merchant_id: str, redemption_id: str, now: datetime,
          stripe_object_id: str | None = None, promotion_code: str | None = None) -> Redemption:
    """The reward went out: the held points are spent (posted once, however often called)."""
    redemption = _locked(session, merchant_id, redemption_id)
    if redemption.status == "issued":
        return redemption
    if redemption.status != "held":
        raise RedemptionNotHeld(f"The redemption already {redemption.status}; it cannot issue.")
    ledger.post(
        session, merchant_id=merchant_id, kind="redeem_post", unit="points",
        key=f"redeem_post:{redemption.id}",
        legs=[Leg(redemption.promoter_id, "held", -redemption.amount),
              Leg(MERCHANT_OWNER, "redeemed", redemption.amount)],
        cause=Cause("redemption", redemption.id),
        description=f"{redemption.amount} points redeemed for {redemption.reward_kind}",
        now=now, promoter_id=redemption.promoter_id,
    )
    redemption.status = "issued"
    redemption.stripe_object_id = stripe_object_id
    redemption.promotion_code = promotion_code
    redemption.settled_at = now
    session.flush()
    _emit_redemption(session, redemption, now)
    return redemption


def fail(
    session: Session, *, merchant_id: str, redemption_id: str, reason: str, now: datetime
) -> Redemption:
    """Issuing failed: the held points go back to the lots they came from."""
    redemption = _locked(session, merchant_id, redemption_id)
    if redemption.status == "failed":
        return redemption
    if redemption.status != "held":
        raise RedemptionNotHeld(f"The redemption was already {redemption.status}.")
    lots = session.scalars(
        select(Reward).where(Reward.id.in_(list(redemption.allocations)))
        .order_by(Reward.id).with_for_update()
    ).all()
    for lot in lots:
        back = redemption.allocations[lot.id]
        lot.redeemed -= back
        lot.available += back
        lot.status = "available" if lot.pending == 0 else "pending"
    ledger.post(
        session, merchant_id=merchant_id, kind="redeem_void", unit="points",
        key=f"redeem_void:{redemption.id}",
        legs=[Leg(redemption.promoter_id, "held", -redemption.amount),
              Leg(redemption.promoter_id, "available", redemption.amount)],
        cause=Cause("redemption", redemption.id),
        description=f"Redemption failed, {redemption.amount} points released: {reason}"[:200],
        now=now, promoter_id=redemption.promoter_id,
    )
    redemption.status = "failed"
    redemption.failure_reason = reason[:200]
    redemption.settled_at = now
    session.flush()
    _emit_redemption(session, redemption, now)
    return redemption


def held_stripe_payouts(session: Session, *, created_before: datetime,
                        limit: int = 100) -> list[tuple[str, str]]:
    """(merchant id, redemption id) of Stripe payouts still held: their call to Stripe failed
    to answer, or the process died between the call and recording its answer."""
    return [(row[0], row[1]) for row in session.execute(
        select(Redemption.merchant_id, Redemption.id).where(
            Redemption.status == "held", Redemption.reward_kind.in_(STRIPE_PAYOUT_KINDS),
            Redemption.created_at <= created_before,
        ).order_by(Redemption.id).limit(limit)
    )]


def list_for_promoter(session: Session, *, merchant_id: str, promoter_id: str, limit: int
                      ) -> list[Redemption]:
    """The promoter's redemptions, newest first: where they find their codes again."""
    return list(session.scalars(
        select(Redemption).where(Redemption.merchant_id == merchant_id,
                                 Redemption.promoter_id == promoter_id)
        .order_by(Redemption.id.desc()).limit(limit)
    ))


def get_redemption(session: Session, *, merchant_id: str, redemption_id: str) -> Redemption:
    redemption = session.get(Redemption, redemption_id)
    if redemption is None or redemption.merchant_id != merchant_id:
        raise RedemptionNotFound(f"No such redemption: {redemption_id!r}", param="id")
    return redemption


def _locked(session: Session, merchant_id: str, redemption_id: str) -> Redemption:
    redemption = session.scalars(
        select(Redemption).where(Redemption.id == redemption_id).with_for_update()
    ).one_or_none()
    if redemption is None or redemption.merchant_id != merchant_id:
        raise RedemptionNotFound(f"No such redemption: {redemption_id!r}", param="id")
    return redemption


def _emit_redemption(session: Session, redemption: Redemption, now: datetime) -> None:
    emit(session, merchant_id=redemption.merchant_id, type=f"redemption.{redemption.status}",
         now=now, data={
             "redemption": redemption.id, "promoter": redemption.promoter_id,
             "points": redemption.amount, "reward_kind": redemption.reward_kind,
             "credit_amount": redemption.credit_amount,
             "credit_currency": redemption.credit_currency,
             "promotion_code": redemption.promotion_code,
             "catalog_reward": redemption.catalog_reward_id,
             "failure_reason": redemption.failure_reason,
         })
