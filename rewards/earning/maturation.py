"""Scheduled money movements: pending rewards mature after their hold; available points expire.

Both are idempotent (each lot moves under one deterministic posting key) and safe to run from
several workers at once: lots are claimed with FOR UPDATE SKIP LOCKED, so two workers never
take the same lot, and a lot already moved is simply not selected again.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from core.events import emit
from core.merchants.models import Merchant
from rewards.ledger import service as ledger
from rewards.ledger.models import MERCHANT_OWNER, Reward
from rewards.ledger.service import AccountKey, Cause, Leg
from rewards.orders.models import Order

BATCH = 500


def mature_due(session: Session, *, now: datetime, limit: int = BATCH) -> int:
    """Make every reward whose hold has passed available; returns how many lots moved. The
    rewards of an order held for review (its credit's risk) stay pending until it is decided."""
    lots = session.scalars(
        select(Reward)
        .where(Reward.status == "pending", Reward.matures_at <= now, ~_HELD)
        .order_by(Reward.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    _lock_all(session, lots, kinds=("pending", "available", "debt"))
    for lot in lots:
        mature(session, lot=lot, now=now)
    return len(lots)


# A lot of an order whose credit waits for a person's review. A decision made while the worker
# moves a lot waits for the lot's row lock, and a lot locked by a decision is skipped.
_HELD = exists().where(Order.id == Reward.order_id, Order.risk_status == "pending_review")


def _lock_all(session: Session, lots: Sequence[Reward], *, kinds: tuple[str, ...],
              merchant_kind: str | None = None) -> None:
    """Every account the batch will post to, locked at once (see the lock order in ledger)."""
    by_merchant: dict[str, set[AccountKey]] = {}
    for lot in lots:
        keys = by_merchant.setdefault(lot.merchant_id, set())
        keys.update((lot.promoter_id, kind, lot.unit) for kind in kinds)
        if merchant_kind:
            keys.add((MERCHANT_OWNER, merchant_kind, lot.unit))
    for merchant_id in sorted(by_merchant):
        ledger.lock_accounts(session, merchant_id=merchant_id, keys=by_merchant[merchant_id])


def mature(session: Session, *, lot: Reward, now: datetime) -> None:
    """Move what is left pending of a locked lot to available, first repaying any debt: a
    promoter who owes points from a refund repays them from the next points that mature."""
    amount = lot.pending
    repaid = 0
    if amount > 0:
        # Lock all three now, in the ledger's order, before reading the debt they settle.
        accounts = ledger.lock_accounts(
            session, merchant_id=lot.merchant_id,
            keys={(lot.promoter_id, kind, lot.unit) for kind in ("pending", "available", "debt")},
        )
        repaid = min(amount, -accounts[lot.promoter_id, "debt", lot.unit].balance)
        ledger.post(
            session,
            merchant_id=lot.merchant_id,
            kind="mature",
            unit=lot.unit,
            key=f"mature:{lot.id}",
            legs=[
                Leg(lot.promoter_id, "pending", -amount),
                Leg(lot.promoter_id, "available", amount - repaid),
                Leg(lot.promoter_id, "debt", repaid),
            ],
            cause=Cause("reward", lot.id, lot.rule_id, lot.rule_version, lot.id),
            description="Hold period over: reward available"
            + (f" ({repaid} repaid debt)" if repaid else ""),
            now=now,
            promoter_id=lot.promoter_id,
        )
        lot.pending = 0
        lot.available += amount - repaid
        lot.clawed_back += repaid
    lot.available_at = now
    if lot.unit == "points":
        expiry_days = session.get_one(Merchant, lot.merchant_id).points_expiry_days
        lot.expires_at = now + timedelta(days=expiry_days) if expiry_days else None
    lot.status = "available" if lot.available > 0 else "settled"
    session.flush()
    emit(session, merchant_id=lot.merchant_id, type="reward.available", now=now, data={
        "reward": lot.id, "promoter": lot.promoter_id, "unit": lot.unit,
        "amount": lot.available, "repaid_debt": repaid,
        "expires_at": lot.expires_at.isoformat() if lot.expires_at else None,
    })


def expire_due(session: Session, *, now: datetime, limit: int = BATCH) -> int:
    """Expire what is left of points past their expiry; returns how many lots expired."""
    lots = session.scalars(
        select(Reward)
        .where(Reward.status == "available", Reward.expires_at <= now)
        .order_by(Reward.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    _lock_all(session, lots, kinds=("available",), merchant_kind="expired")
    for lot in lots:
        if lot.available > 0:
            ledger.post(
                session,
                merchant_id=lot.merchant_id,
                kind="expire",
                unit=lot.unit,
                # A lot can expire more than once: points a failed redemption gives back after
                # the lot expired expire again, so the key carries what had expired before.
                key=f"expire:{lot.id}:{lot.expired}",
                legs=[
                    Leg(lot.promoter_id, "available", -lot.available),
                    Leg(MERCHANT_OWNER, "expired", lot.available),
                ],
                cause=Cause("reward", lot.id, lot.rule_id, lot.rule_version, lot.id),
                description="Points expired unused",
                now=now,
                promoter_id=lot.promoter_id,
            )
            emit(session, merchant_id=lot.merchant_id, type="reward.expired", now=now, data={
                "reward": lot.id, "promoter": lot.promoter_id, "unit": lot.unit,
                "amount": lot.available,
            })
            lot.expired += lot.available
            lot.available = 0
        lot.status = "settled"
    session.flush()
    return len(lots)
