"""Turning what happened in the referral program into rewards, through the merchant's rules.

Called inside the same transaction as the change itself: a referral approved, a promoter who
joined, a share. Each earning is idempotent on its cause and rule, so replays earn nothing new.
"""

from datetime import datetime

from sqlalchemy.orm import Session

from rewards.earning import service as earning
from rewards.events import Award, RewardEvent, Skip
from rewards.program import rules, tiers


def reward(
    session: Session, *, event: RewardEvent, now: datetime, also_reevaluate: tuple[str, ...] = (),
    also: tuple[RewardEvent, ...] = (),
) -> list[Award | Skip]:
    """Grant what the rules award for `event`, then promote whoever now qualifies for a tier.
    `also`: more events of the same merchant happening with it (a new member's member.joined),
    evaluated the same way and granted together (earning.grant_all's `others`); the outcomes
    returned are `event`'s."""
    outcomes = rules.evaluate(session, event=event, now=now)
    awards = [outcome for outcome in outcomes if isinstance(outcome, Award)]
    others = [earning.CausedAwards(other.cause_type, other.cause_id, [
        outcome for outcome in rules.evaluate(session, event=other, now=now)
        if isinstance(outcome, Award)]) for other in also]
    earning.grant_all(session, merchant_id=event.merchant_id, awards=awards,
                      cause_type=event.cause_type, cause_id=event.cause_id, now=now,
                      others=others)
    paid = [*(a.promoter_id for a in awards),
            *(a.promoter_id for other in others for a in other.awards)]
    for promoter_id in dict.fromkeys([*paid, *also_reevaluate]):
        tiers.reevaluate(session, merchant_id=event.merchant_id, promoter_id=promoter_id, now=now)
    return outcomes
