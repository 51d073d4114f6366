"""Members: who they are (a promoter row), their welcome, and the shop's own activities.

Every customer the shop tells Goodword about is a member of the program, whether or not they
ever share: the promoter row enrolled through the API, the widget, a first order or an approved
referral is the member. Each of those paths fires `member.joined` once, when it creates the row,
through the same rules evaluation and grant as every other earning
(referrals.promoters.rewarding), so the standing guard, the guardrails, limits and currency
rules apply unchanged.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import insert_unless_exists
from core.errors import Conflict, InvalidInput
from core.ids import new_id
from referrals.errors import PromoterErased
from referrals.members.birthdays import check_birthday
from referrals.members.events import ACTIVITY, joined
from referrals.members.models import Activity
from referrals.promoters import rewarding
from referrals.promoters import service as promoters_service
from referrals.promoters.models import Promoter
from rewards.events import RewardEvent
from rewards.program import rule_definitions
from rewards.program.rule_definitions import ACTIVITY_TYPE


def record_activity(
    session: Session,
    *,
    merchant_id: str,
    type: str,
    external_id: str,
    now: datetime,
    member: str | None = None,
    customer_external_id: str | None = None,
) -> tuple[Activity, bool]:
    """Record one of the shop's activities for a member (by promoter id, or by the shop's
    customer id, enrolling a customer new to Goodword) and earn what the activity.recorded rules
    for its type award; returns (activity, created). Idempotent on (merchant, type,
    external_id): a retry returns the first activity and earns nothing more."""
    if (member is None) == (customer_external_id is None):
        raise InvalidInput("Give the member's id or customer_external_id (one of them).",
                           param="member")
    if not ACTIVITY_TYPE.fullmatch(type) or not rule_definitions.defines_activity_type(
            session, merchant_id=merchant_id, activity_type=type):
        raise InvalidInput(
            f"{type!r} is not an activity type of any of your activity.recorded rules; create "
            "the rule first (POST /v1/rules, conditions.activity_type).", param="type")
    created_member = False
    if member is not None:
        promoter = promoters_service.get_promoter(session, merchant_id=merchant_id,
                                                  promoter_id=member)
    else:
        promoter, created_member = promoters_service.enroll_promoter(
            session, merchant_id=merchant_id, now=now, external_id=customer_external_id)
    activity = Activity(id=new_id("act"), merchant_id=merchant_id, promoter_id=promoter.id,
                        type=type, external_id=external_id, created_at=now)
    if not insert_unless_exists(session, activity):
        existing = session.scalars(select(Activity).where(
            Activity.merchant_id == merchant_id, Activity.type == type,
            Activity.external_id == external_id)).one()
        if existing.promoter_id != promoter.id:
            raise Conflict(f"Activity {external_id!r} of type {type!r} was already recorded "
                           "for another member.", code="activity_conflict", param="external_id")
        return existing, False
    event = RewardEvent(trigger=ACTIVITY, merchant_id=merchant_id, occurred_at=now,
                        cause_type="activity", cause_id=activity.id, customer_id=promoter.id,
                        activity_type=type)
    also = (joined(merchant_id=merchant_id, promoter_id=promoter.id, now=now),) \
        if created_member else ()
    rewarding.reward(session, event=event, now=now, also=also)
    return activity, True


def set_birthday(session: Session, *, merchant_id: str, promoter_id: str,
                 birthday: str | None) -> Promoter:
    """Change (None: forget) a member's birthday."""
    promoter = promoters_service.get_promoter(session, merchant_id=merchant_id,
                                              promoter_id=promoter_id)
    if promoter.erased_at is not None:
        raise PromoterErased("An erased member has no birthday to keep.", param="id")
    promoter.birthday = check_birthday(birthday)
    session.flush()
    return promoter
