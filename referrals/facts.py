"""The referrals package's answers to what rewards asks (see rewards/ports.py)."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from referrals.models import Promoter, Referral


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
