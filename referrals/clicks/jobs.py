"""The hourly `click.invalid` report (referrals/clicks/scheduled.py)."""

from core.jobs import Environment, commit_each, scheduled
from core.unit_of_work import UnitOfWork
from referrals.clicks import scheduled as invalid_clicks


@scheduled(name="referrals.report_invalid_clicks", cron="6 * * * *")
def report_invalid_clicks(unit: UnitOfWork, environment: Environment) -> None:
    """Six minutes past each hour: the past hour is reported once it has settled (SETTLE)."""
    commit_each(unit, lambda: invalid_clicks.report_next_period(unit.session,
                                                                now=environment.clock()))
