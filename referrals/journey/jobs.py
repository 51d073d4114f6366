"""The journey roll-up (referrals/journey/rollup.py): closed days counted, hourly."""

from core.jobs import Environment, commit_each, scheduled
from core.unit_of_work import UnitOfWork
from referrals.journey import rollup


@scheduled(name="referrals.roll_up_journey", cron="10 * * * *")
def roll_up_journey(unit: UnitOfWork, environment: Environment) -> None:
    """Hourly, ten past: a UTC day is rolled up once it has been closed for its grace hour."""
    commit_each(unit, lambda: rollup.roll_up(unit.session, now=environment.clock()))
