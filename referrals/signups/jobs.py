"""Review reminders (referrals/signups/scheduled.py): looked for hourly."""

from core.jobs import Environment, commit_each, scheduled
from core.unit_of_work import UnitOfWork
from referrals.signups import scheduled as review_reminders


@scheduled(name="referrals.remind_reviews", cron="20 * * * *")
def remind_reviews(unit: UnitOfWork, environment: Environment) -> None:
    """Hourly: each referral is reminded a day after it entered review and daily after that,
    so a daily run would send some reminders almost a day late."""
    commit_each(unit, lambda: review_reminders.remind_due(unit.session,
                                                          now=environment.clock()))
