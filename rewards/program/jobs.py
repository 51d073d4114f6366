"""The tier job: promoters whose tier lapsed past its grace period move down, daily."""

from core.jobs import Environment, scheduled
from core.unit_of_work import UnitOfWork
from rewards.program import tiers


@scheduled(name="rewards.demote_tiers", cron="30 2 * * *")
def demote_tiers(unit: UnitOfWork, environment: Environment) -> None:
    """Daily at 02:30 UTC: grace periods are counted in days. One page of promoters per
    commit, so no page's row locks are held while the next is read."""
    after: str | None = None
    while True:
        _, after = tiers.demote_tiers(unit.session, now=environment.clock(), after=after)
        unit.commit()
        if after is None:
            return
