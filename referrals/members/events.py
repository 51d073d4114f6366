"""What the rules are asked about members: built here for every path that creates or
celebrates one (enrolment, a first order, an approved referral, an activity, the daily job)."""

from datetime import datetime

from rewards.events import RewardEvent

JOINED = "member.joined"
BIRTHDAY = "member.birthday"
ANNIVERSARY = "member.anniversary"
ACTIVITY = "activity.recorded"


def joined(*, merchant_id: str, promoter_id: str, now: datetime) -> RewardEvent:
    """The welcome, asked when a member's row was just created. Its cause is the member, so the
    earning's key makes it once per member and rule, whatever path created them."""
    return RewardEvent(trigger=JOINED, merchant_id=merchant_id, occurred_at=now,
                       cause_type="member", cause_id=promoter_id, customer_id=promoter_id)
