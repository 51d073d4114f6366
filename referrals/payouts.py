"""A promoter spending rewards: checked to be this merchant's promoter, then the ledger."""

from datetime import datetime

from sqlalchemy.orm import Session

from core.merchants.models import Merchant
from referrals import service as promoters_service
from rewards import redemptions


def redeem(
    session: Session, *, merchant: Merchant, promoter_id: str, points: int, reward_kind: str,
    now: datetime,
):
    """Hold the points and issue store credit at once: nothing outside the database to call."""
    promoter = promoters_service.get_promoter(
        session, merchant_id=merchant.id, promoter_id=promoter_id
    )
    redemption = redemptions.hold(session, merchant=merchant, promoter_id=promoter.id,
                                  points=points, reward_kind=reward_kind, now=now)
    return redemptions.issue(session, merchant_id=merchant.id, redemption_id=redemption.id,
                             now=now)
