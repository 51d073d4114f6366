"""`referral.review_reminder`: a referral waiting in review longer than a day is brought up
again, and again every day it keeps waiting, so a review queue nobody watches is noticed.

Workers take the referrals with FOR UPDATE SKIP LOCKED and stamp `reminded_at` in the same
transaction as the event, so each reminder is sent once however many workers run.
"""

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.events import emit
from referrals.signups.models import Referral

REMIND_AFTER = timedelta(hours=24)


def remind_due(session: Session, *, now: datetime, limit: int = 100) -> int:
    """Emit one reminder per referral waiting for review for REMIND_AFTER since it was created
    or last reminded; returns how many. The caller commits."""
    cutoff = now - REMIND_AFTER
    referrals = list(session.scalars(
        select(Referral)
        .where(Referral.status == "pending_review", Referral.created_at <= cutoff,
               or_(Referral.reminded_at.is_(None), Referral.reminded_at <= cutoff))
        .order_by(Referral.created_at, Referral.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ))
    for referral in referrals:
        referral.reminded_at = now
        emit(session, merchant_id=referral.merchant_id, type="referral.review_reminder",
             now=now, data={
                 "referral": referral.id, "promoter": referral.promoter_id,
                 "referee_external_id": referral.referee_external_id,
                 "waiting_since": referral.created_at,
                 "reasons": [reason["code"] for reason in referral.reasons],
             })
    return len(referrals)
