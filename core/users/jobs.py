"""Ended dashboard sessions and forgotten sign-in counts deleted, hourly
(core/users/sessions.py, core/users/sign_in_limits.py)."""

from datetime import timedelta

from core.jobs import Environment, scheduled
from core.unit_of_work import UnitOfWork
from core.users import sessions, sign_in_limits


@scheduled(name="core.users.forget_ended_sign_ins", cron="50 * * * *")
def forget_ended_sign_ins(unit: UnitOfWork, environment: Environment) -> None:
    """Hourly: a session past its idle or absolute timeout is already refused; this deletes it,
    with the sign-in counts nobody has touched for their quiet period."""
    now = environment.clock()
    lifetimes = sessions.SessionLifetimes(
        idle=timedelta(minutes=environment.settings["DASHBOARD_SESSION_IDLE_MINUTES"]),
        absolute=timedelta(hours=environment.settings["DASHBOARD_SESSION_MAX_HOURS"]))
    sessions.forget_ended(unit.session, now=now, lifetimes=lifetimes)
    sign_in_limits.forget_expired(unit.session, now=int(now.timestamp()))
    unit.commit()
