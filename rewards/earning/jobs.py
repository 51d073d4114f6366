"""The earning jobs: pending rewards mature every minute, points expire daily."""

from core.jobs import Environment, commit_each, scheduled
from core.unit_of_work import UnitOfWork
from rewards.earning import maturation


@scheduled(name="rewards.mature", cron="* * * * *")
def mature(unit: UnitOfWork, environment: Environment) -> None:
    """Every minute: a reward held 0 days is spendable within a minute of its order."""
    commit_each(unit, lambda: maturation.mature_due(unit.session, now=environment.clock()))


@scheduled(name="rewards.expire", cron="15 2 * * *")
def expire(unit: UnitOfWork, environment: Environment) -> None:
    """Daily at 02:15 UTC: expiry is counted in days, so once a day is on time."""
    commit_each(unit, lambda: maturation.expire_due(unit.session, now=environment.clock()))
