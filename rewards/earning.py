"""Earning: an Award from the rules becomes a pending reward lot and an `earn` posting."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.events import emit, emit_many
from core.ids import new_id
from rewards import ledger
from rewards.events import Award
from rewards.ledger import Cause, Leg
from rewards.models import MERCHANT_OWNER, Reward


def grant(
    session: Session,
    *,
    merchant_id: str,
    award: Award,
    cause_type: str,
    cause_id: str,
    now: datetime,
    order_id: str | None = None,
    accounts: dict | None = None,
) -> Reward:
    """Post the award once (`accounts`: already locked by the caller, see ledger.post).
    The key leaves out the rule version on purpose: editing a rule must
    never make the same order or referral earn a second time."""
    due = Grant(award, cause_type, cause_id, now, order_id)
    reward_id = new_id("rwd")
    posting = _posting(merchant_id, due, reward_id)
    transaction, posted = ledger.post(
        session, merchant_id=merchant_id, kind=posting.kind, unit=posting.unit,
        key=posting.key, legs=posting.legs, cause=posting.cause,
        description=posting.description, now=now, promoter_id=posting.promoter_id,
        accounts=accounts,
    )
    if not posted:
        return session.scalars(
            select(Reward).where(Reward.earn_transaction_id == transaction.id)
        ).one()
    reward = Reward(**_lot(merchant_id, due, reward_id, transaction.id))
    session.add(reward)
    session.flush()
    emit(session, merchant_id=merchant_id, type="reward.earned", now=now,
         data=_earned(due, reward_id, reward.matures_at))
    return reward


@dataclass(frozen=True)
class Grant:
    """An award to post, and what earned it (`grant`'s arguments, for `grant_many`)."""

    award: Award
    cause_type: str
    cause_id: str
    now: datetime
    order_id: str | None = None


def grant_many(session: Session, *, merchant_id: str, grants: list[Grant]) -> list[str]:
    """Grant many awards whose causes are new in this transaction (a batch of new orders) in a
    handful of statements: the accounts locked once (see the lock order in rewards.ledger), one
    `ledger.post_many`, the lots and the reward.earned events each inserted in one statement.
    Returns the lots' ids. The postings' keys are new by construction, so none is looked up."""
    keys = set()
    for due in grants:
        award = due.award
        keys |= {(award.promoter_id, "pending", award.unit), (MERCHANT_OWNER, "issued", award.unit)}
    if not keys:
        return []
    accounts = ledger.lock_accounts(session, merchant_id=merchant_id, keys=keys)
    reward_ids = [new_id("rwd") for _ in grants]
    transaction_ids = ledger.post_many(
        session, merchant_id=merchant_id, accounts=accounts,
        postings=[_posting(merchant_id, due, reward_id)
                  for due, reward_id in zip(grants, reward_ids, strict=True)],
    )
    lots = [_lot(merchant_id, due, reward_id, transaction_id)
            for due, reward_id, transaction_id in zip(grants, reward_ids, transaction_ids,
                                                          strict=True)]
    session.execute(Reward.__table__.insert(), lots)
    emit_many(session, merchant_id=merchant_id, happenings=[
        ("reward.earned", _earned(due, lot["id"], lot["matures_at"]), due.now)
        for due, lot in zip(grants, lots, strict=True)
    ])
    return reward_ids


def _posting(merchant_id: str, due: Grant, reward_id: str) -> ledger.Posting:
    """The earn posting. Its key leaves out the rule version on purpose: editing a rule must
    never make the same order or referral earn a second time."""
    award = due.award
    return ledger.Posting(
        kind="earn", unit=award.unit,
        key=f"earn:{due.cause_type}:{due.cause_id}:{award.rule_id}:{award.beneficiary}",
        legs=[Leg(award.promoter_id, "pending", award.amount),
              Leg(MERCHANT_OWNER, "issued", -award.amount)],
        cause=Cause(due.cause_type, due.cause_id, award.rule_id, award.rule_version,
                    reward_id),
        description=award.description[:200], created_at=due.now,
        promoter_id=award.promoter_id,
    )


def _lot(merchant_id: str, due: Grant, reward_id: str, transaction_id: str) -> dict:
    """The pending reward lot's columns."""
    award = due.award
    return {
        "id": reward_id, "merchant_id": merchant_id, "promoter_id": award.promoter_id,
        "unit": award.unit, "amount": award.amount, "pending": award.amount, "available": 0,
        "clawed_back": 0, "expired": 0, "redeemed": 0, "refund_clawed": 0,
        "status": "pending", "matures_at": due.now + timedelta(days=award.hold_days),
        "beneficiary": award.beneficiary, "cause_type": due.cause_type,
        "cause_id": due.cause_id, "order_id": due.order_id, "rule_id": award.rule_id,
        "rule_version": award.rule_version, "earn_transaction_id": transaction_id,
        "created_at": due.now,
    }


def _earned(due: Grant, reward_id: str, matures_at: datetime) -> dict:
    """The reward.earned event's data."""
    award = due.award
    return {
        "reward": reward_id, "promoter": award.promoter_id, "unit": award.unit,
        "amount": award.amount, "kind": award.kind, "matures_at": matures_at.isoformat(),
        "cause": {"type": due.cause_type, "id": due.cause_id}, "rule": award.rule_id,
        "rule_version": award.rule_version,
    }


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
) -> list[Reward]:
    """Grant several awards for one cause, their accounts locked together first (see the lock
    order in rewards.ledger): a double-sided offer posts to two promoters at once.

    `lock_lots`: the transaction goes on to refund the order (a Stripe refund that arrived
    before its payment), which locks the promoters' available lots; they are locked here,
    before the accounts, so the transaction keeps the lock order."""
    keys = set()
    for award in awards:
        keys |= {(award.promoter_id, "pending", award.unit), (MERCHANT_OWNER, "issued", award.unit)}
    if lock_lots and awards:
        session.execute(
            select(Reward.id).where(Reward.promoter_id.in_({a.promoter_id for a in awards}),
                                    Reward.available > 0)
            .order_by(Reward.id).with_for_update()
        ).all()
    accounts = ledger.lock_accounts(session, merchant_id=merchant_id, keys=keys) if keys else {}
    return [
        grant(session, merchant_id=merchant_id, award=award, cause_type=cause_type,
              cause_id=cause_id, now=now, order_id=order_id, accounts=accounts)
        for award in awards
    ]
