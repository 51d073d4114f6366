"""Shares (engagement): a promoter sent their link out through a channel from the widget."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.events import emit
from core.ids import new_id
from referrals.errors import InvalidLinkOption, PromoterBlocked, PromoterNotFound
from referrals.links.channels import CHANNELS
from referrals.promoters import rewarding
from referrals.promoters import service as promoters_service
from referrals.shares.models import Share
from rewards.events import RewardEvent


def record_share(
    session: Session, *, merchant_id: str, promoter_id: str, channel: str, now: datetime
) -> Share:
    """Record that this merchant's promoter shared through `channel`."""
    if channel not in CHANNELS:
        raise InvalidLinkOption(f"channel must be one of {', '.join(CHANNELS)}.", param="channel")
    try:
        promoter = promoters_service.get_promoter(
            session, merchant_id=merchant_id, promoter_id=promoter_id
        )
    except PromoterNotFound as missing:
        raise PromoterNotFound(missing.message, param="promoter") from None
    if promoter.status != "active":
        # A blocked promoter's links no longer earn anything; counting their shares as
        # engagement would make the funnel promise conversions that cannot happen.
        raise PromoterBlocked("This promoter is blocked and cannot share.", param="promoter")
    share = Share(
        id=new_id("shr"),
        merchant_id=merchant_id,
        promoter_id=promoter.id,
        channel=channel,
        created_at=now,
    )
    session.add(share)
    session.flush()
    emit(session, merchant_id=merchant_id, type="share.created", now=now, data={
        "share": share.id, "promoter": promoter.id, "channel": channel,
    })
    rewarding.reward(
        session,
        event=RewardEvent(trigger="share.created", merchant_id=merchant_id, occurred_at=now,
                          cause_type="share", cause_id=share.id, referrer_id=promoter.id,
                          channel=channel),
        now=now,
    )
    return share


def count_shares(
    session: Session,
    *,
    merchant_id: str,
    promoter_id: str | None = None,
    channel: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """How many shares a merchant (or one promoter, or one channel) had in [since, until)."""
    statement = select(func.count()).select_from(Share).where(Share.merchant_id == merchant_id)
    if promoter_id is not None:
        statement = statement.where(Share.promoter_id == promoter_id)
    if channel is not None:
        statement = statement.where(Share.channel == channel)
    if since is not None:
        statement = statement.where(Share.created_at >= since)
    if until is not None:
        statement = statement.where(Share.created_at < until)
    return session.scalar(statement)
