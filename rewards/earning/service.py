"""Earning: an Award from the rules becomes a pending reward lot and an `earn` posting."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import insert_unless_exists
from core.events import emit
from core.ids import new_id
from rewards.events import Award
from rewards.ledger import service as ledger
from rewards.ledger.models import MERCHANT_OWNER, Account, Reward
from rewards.ledger.service import Cause, Leg


def grant(
    session: Session,
    *,
    merchant_id: str,
    award: Award,
    cause_type: str,
    cause_id: str,
    now: datetime,
    order_id: str | None = None,
    accounts: dict[ledger.AccountKey, Account] | None = None,
) -> Reward:
    """Post the award once (`accounts`: already locked by the caller, see ledger.post).
    The key leaves out the rule version on purpose: editing a rule must
    never make the same order or referral earn a second time."""
    key = f"earn:{cause_type}:{cause_id}:{award.rule_id}:{award.beneficiary}"
    reward_id = new_id("rwd")
    transaction, posted = ledger.post(
        session,
        merchant_id=merchant_id,
        kind="earn",
        unit=award.unit,
        key=key,
        legs=[
            Leg(award.promoter_id, "pending", award.amount),
            Leg(MERCHANT_OWNER, "issued", -award.amount),
        ],
        cause=Cause(cause_type, cause_id, award.rule_id, award.rule_version, reward_id),
        description=award.description[:200],
        now=now,
        promoter_id=award.promoter_id,
        accounts=accounts,
    )
    if not posted:
        return session.scalars(
            select(Reward).where(Reward.earn_transaction_id == transaction.id)
        ).one()
    reward = Reward(
        id=reward_id,
        merchant_id=merchant_id,
        promoter_id=award.promoter_id,
        unit=award.unit,
        amount=award.amount,
        pending=award.amount,
        available=0,
        clawed_back=0,
        expired=0,
        redeemed=0,
        refund_clawed=0,
        status="pending",
        matures_at=now + timedelta(days=award.hold_days),
        beneficiary=award.beneficiary,
        cause_type=cause_type,
        cause_id=cause_id,
        order_id=order_id,
        rule_id=award.rule_id,
        rule_version=award.rule_version,
        earn_transaction_id=transaction.id,
        created_at=now,
    )
    insert_unless_exists(session, reward)  # a new id: one INSERT, no flush
    emit(session, merchant_id=merchant_id, type="reward.earned", now=now, data={
        "reward": reward.id, "promoter": reward.promoter_id, "unit": reward.unit,
        "amount": reward.amount, "kind": award.kind, "matures_at": reward.matures_at.isoformat(),
        "cause": {"type": cause_type, "id": cause_id}, "rule": award.rule_id,
        "rule_version": award.rule_version,
    })
    return reward


@dataclass(frozen=True)
class CausedAwards:
    """Awards of another cause granted in the same use case (a new member's welcome with
    their first order): see `grant_all`'s `others`."""

    cause_type: str
    cause_id: str
    awards: Sequence[Award]


def grant_all(
    session: Session,
    *,
    merchant_id: str,
    awards: list[Award],
    cause_type: str,
    cause_id: str,
    now: datetime,
    order_id: str | None = None,
    lock_lots: bool = False,
    others: Sequence[CausedAwards] = (),
) -> list[Reward]:
    """Grant several awards for one cause, their accounts locked together first (see the lock
    order in rewards.ledger.service): a double-sided offer posts to two promoters at once.

    `others`: awards of other causes the same transaction earns, granted after these with their
    accounts in the same one lock: locking cause by cause would take a merchant account before
    a promoter's of a lower id, and two such use cases could deadlock.
    `lock_lots`: the transaction goes on to refund the order (a Stripe refund that arrived
    before its payment), which locks the promoters' available lots; they are locked here,
    before the accounts, so the transaction keeps the lock order."""
    every = [*awards, *(award for other in others for award in other.awards)]
    keys = set()
    for award in every:
        keys |= {(award.promoter_id, "pending", award.unit), (MERCHANT_OWNER, "issued", award.unit)}
    if lock_lots and awards:
        session.execute(
            select(Reward.id).where(Reward.promoter_id.in_({a.promoter_id for a in awards}),
                                    Reward.available > 0)
            .order_by(Reward.id).with_for_update()
        ).all()
    accounts = ledger.lock_accounts(session, merchant_id=merchant_id, keys=keys) if keys else {}
    granted = [
        grant(session, merchant_id=merchant_id, award=award, cause_type=cause_type,
              cause_id=cause_id, now=now, order_id=order_id, accounts=accounts)
        for award in awards
    ]
    for other in others:
        granted += [grant(session, merchant_id=merchant_id, award=award,
                          cause_type=other.cause_type, cause_id=other.cause_id, now=now,
                          accounts=accounts) for award in other.awards]
    return granted
