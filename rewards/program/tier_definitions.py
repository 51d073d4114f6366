"""Creating, editing and listing a merchant's reward tiers.

Tiers form one ladder ranked by threshold, so all of a merchant's tiers measure the same thing
(approved referrals or points earned) and no two share a threshold: "the highest tier a promoter
qualifies for" then always names one tier.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db import transaction_memo
from core.ids import new_id
from rewards.errors import TierConflict, TierNotFound
from rewards.program import guardrails
from rewards.program.models import Tier

DEFAULT_GRACE_DAYS = 30
MAX_TIERS = 20


def ladder(session: Session, *, merchant_id: str, key_share: bool = False) -> list[Tier]:
    """The merchant's tiers, lowest threshold first.

    `key_share` holds each row FOR KEY SHARE (by id, the order delete_tier locks them in), as
    placing a promoter in a tier must: a tier being deleted is waited for and then left out,
    instead of read here and failing the placement on its foreign key once the delete commits."""
    statement = select(Tier).where(Tier.merchant_id == merchant_id)
    if key_share:  # one statement: locked by id, then put in threshold order here
        held = session.scalars(statement.order_by(Tier.id).with_for_update(read=True,
                                                                         key_share=True))
        return sorted(held, key=lambda tier: tier.threshold)
    return list(session.scalars(statement.order_by(Tier.threshold)))


def lock_ladder(session: Session, *, merchant_id: str, key_share: bool = False) -> list[str]:
    """Lock the merchant's tier rows by id (FOR UPDATE, or FOR KEY SHARE); their ids."""
    return list(session.scalars(
        select(Tier.id).where(Tier.merchant_id == merchant_id).order_by(Tier.id)
        .with_for_update(read=key_share, key_share=key_share)
    ))


def create_tier(session: Session, *, merchant_id: str, now: datetime, **fields) -> Tier:
    tiers = ladder(session, merchant_id=merchant_id)
    if len(tiers) >= MAX_TIERS:
        raise TierConflict(f"A merchant may have at most {MAX_TIERS} tiers.")
    fields.setdefault("grace_days", DEFAULT_GRACE_DAYS)
    if fields.get("multiplier") is not None:
        guardrails.check_multiplier(session, merchant_id=merchant_id,
                                    multiplier=fields["multiplier"])
    tier = Tier(id=new_id("tir"), merchant_id=merchant_id, created_at=now, **fields)
    _check_ladder(tier, tiers)
    return _saved(session, tier)


def update_tier(session: Session, *, merchant_id: str, tier_id: str, changes: dict) -> Tier:
    """Change a tier in place; promoters move when they are next re-evaluated or demoted."""
    tier = get_tier(session, merchant_id=merchant_id, tier_id=tier_id)
    # Read the ladder before changing the tier, so no query flushes a clashing threshold early.
    others = [other for other in ladder(session, merchant_id=merchant_id) if other.id != tier.id]
    if changes.get("multiplier") is not None:
        guardrails.check_multiplier(session, merchant_id=merchant_id,
                                    multiplier=changes["multiplier"])
    for name, value in changes.items():
        setattr(tier, name, value)
    _check_ladder(tier, others)
    return _saved(session, tier)


def get_tier(session: Session, *, merchant_id: str, tier_id: str) -> Tier:
    tier = session.get(Tier, tier_id)
    if tier is None or tier.merchant_id != merchant_id:
        raise TierNotFound(f"No such tier: {tier_id!r}", param="id")
    return tier


def _check_ladder(tier: Tier, others: list[Tier]) -> None:
    for other in others:
        if other.metric != tier.metric:
            raise TierConflict(
                f"This merchant's tiers measure {other.metric}; a tier cannot measure "
                f"{tier.metric} on the same ladder.", param="metric",
            )
        if other.threshold == tier.threshold:
            raise TierConflict(
                f"The tier {other.name!r} already has the threshold {tier.threshold}.",
                param="threshold",
            )


def forget_ladder(session: Session, merchant_id: str) -> None:
    """A tier was created, changed or deleted: the ladder this transaction read (tiers._ladder)
    is read again when next needed."""
    transaction_memo(session).pop(("ladder", merchant_id), None)


def _saved(session: Session, tier: Tier) -> Tier:
    forget_ladder(session, tier.merchant_id)
    try:
        with session.begin_nested():
            session.add(tier)
            session.flush()
    except IntegrityError:
        # Two tiers with one threshold created at once: the unique index decides.
        raise TierConflict(
            f"Another tier already has the threshold {tier.threshold}.", param="threshold"
        ) from None
    return tier
