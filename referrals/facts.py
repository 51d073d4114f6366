"""The referrals package's answers to what rewards asks (see rewards/ports.py)."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from referrals.models import Promoter, Referral, Share
from rewards.models import Reward


def approved_referrals(
    session: Session, *, promoter_id: str, since: datetime, until: datetime
) -> int:
    # An auto-approved referral has no decision time: it was approved when it was made.
    approved_at = func.coalesce(Referral.decided_at, Referral.created_at)
    return session.scalar(
        select(func.count()).select_from(Referral).where(
            Referral.promoter_id == promoter_id, Referral.status == "approved",
            approved_at > since, approved_at <= until,
        )
    ) or 0


def promoter_merchant(session: Session, *, promoter_id: str) -> str | None:
    return session.scalar(select(Promoter.merchant_id).where(Promoter.id == promoter_id))


def promoter_states(session: Session, *, promoter_ids: set[str]) -> dict[str, str]:
    # Read through the session's identity map: the promoters an order or a redemption has
    # already loaded (the buyer, the one redeeming) cost no statement.
    states = {}
    for promoter_id in sorted(promoter_ids):
        promoter = session.get(Promoter, promoter_id)
        if promoter is not None:
            # Erasure blocks the promoter too; the erased state is named for the answers.
            states[promoter_id] = "erased" if promoter.erased_at else promoter.status
    return states


def rewarded_shares(
    session: Session, *, merchant_id: str, rule_id: str, promoter_id: str, channel: str,
    since: datetime, until: datetime,
) -> int:
    return session.scalar(
        select(func.count()).select_from(Reward)
        .join(Share, (Reward.cause_type == "share") & (Share.id == Reward.cause_id))
        .where(Reward.merchant_id == merchant_id, Reward.rule_id == rule_id,
               Reward.promoter_id == promoter_id, Share.channel == channel,
               Reward.created_at > since, Reward.created_at <= until)
    ) or 0
