"""The referrals package's answers to what rewards asks (see rewards/ports.py)."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from referrals.promoters.models import Promoter
from referrals.shares.models import Share
from referrals.signups.models import Referral
from rewards.ledger.models import Reward


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


def approved_referral_times(*, merchant_id: str, since: datetime, until: datetime
                            ) -> Select[str, datetime]:
    approved_at = func.coalesce(Referral.decided_at, Referral.created_at)
    return select(Referral.promoter_id.label("promoter_id"), approved_at.label("at")).where(
        Referral.merchant_id == merchant_id, Referral.status == "approved",
        approved_at > since, approved_at <= until)


def active_promoter_ids(*, merchant_id: str) -> Select[str]:
    return select(Promoter.id).where(Promoter.merchant_id == merchant_id,
                                     Promoter.status == "active")


def promoter_merchant(session: Session, *, promoter_id: str) -> str | None:
    return session.scalar(select(Promoter.merchant_id).where(Promoter.id == promoter_id))


def promoter_states(session: Session, *, promoter_ids: set[str], lock: bool) -> dict[str, str]:
    promoters: Sequence[Promoter | None]
    if lock:
        # FOR KEY SHARE, in id order: blocking and erasure take the row FOR UPDATE, so a block
        # waits for the earning or redemption that read "active" here, and one that comes
        # after the block reads "blocked". KEY SHARE does not conflict with the buyer's own
        # FOR NO KEY UPDATE (an order path reading its buyer) nor with the foreign-key checks
        # of rows pointing at the promoter. populate_existing: the row loaded earlier in this
        # transaction (the buyer, the one redeeming) may be stale by the time it is locked.
        promoters = session.scalars(
            select(Promoter).where(Promoter.id.in_(sorted(promoter_ids)))
            .order_by(Promoter.id).with_for_update(read=True, key_share=True)
            .execution_options(populate_existing=True)
        ).all()
    else:
        # A dry run or a page view: read through the identity map (no statement for promoters
        # already loaded) and lock nothing.
        promoters = [session.get(Promoter, promoter_id) for promoter_id in sorted(promoter_ids)]
    return {promoter.id: state_of(promoter) for promoter in promoters if promoter is not None}


def state_of(promoter: Promoter) -> str:
    """Erasure blocks the promoter too; the erased state is named for the answers."""
    return "erased" if promoter.erased_at else promoter.status


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
