"""Members' birthdays and anniversaries (referrals/members/scheduled.py), hourly."""

from core.jobs import Environment, commit_each, scheduled
from core.unit_of_work import UnitOfWork
from referrals.members import scheduled as celebrations


@scheduled(name="referrals.celebrate_members", cron="5 * * * *")
def celebrate_members(unit: UnitOfWork, environment: Environment) -> None:
    """Hourly, five past: a member's day begins at midnight where the shop is, and shops sit in
    every timezone, so each is celebrated within the hour its day begins. Each member is one
    commit (their awards lock their accounts; see scheduled.py)."""
    commit_each(unit, lambda: celebrations.celebrate_next(unit.session,
                                                          now=environment.clock()))
