"""Expired Idempotency-Key records purged, hourly (api/request/idempotency.py)."""

from api.request import idempotency
from core.jobs import Environment, commit_each, scheduled
from core.unit_of_work import UnitOfWork


@scheduled(name="api.purge_idempotency_keys", cron="40 * * * *")
def purge_idempotency_keys(unit: UnitOfWork, environment: Environment) -> None:
    """Hourly: a stored answer may hold personal data, so it goes within an hour of its 24 h."""
    commit_each(unit, lambda: idempotency.purge_expired(unit.session, now=environment.clock()))
