"""Webhook delivery on the job queue: one job per endpoint with due deliveries, at most one
waiting per endpoint, and at most WORKER_PER_MERCHANT of one merchant's running at once.

Every 5 seconds `dispatch_deliveries` looks for endpoints with due deliveries (new events,
retries whose time came, leases that ran out) and defers `deliver_endpoint` for each. The
webhook_deliveries rows stay the queue of record, with their leases and retry schedule
(core/events/delivery.py); a job only says "this endpoint has work". So a merchant with 10,000
events waiting has one job per endpoint, not 10,000, and its jobs share the merchant's locks
(core.jobs.merchant_lock): the workers' other slots stay free for every other merchant.

A job takes a few rounds of up to WEBHOOK_PER_ENDPOINT deliveries (core/events/fair_claim.py),
then, if its endpoint still has due work, goes to the back of the queue behind everyone else.
"""

from typing import Any

from core.events import delivery
from core.events.fair_claim import due_endpoints
from core.jobs import PER_MERCHANT, Environment, defer_once, merchant_lock, queued, scheduled
from core.unit_of_work import UnitOfWork

# Rounds of POSTs one job makes before its endpoint waits its turn again.
ROUNDS = 4


@queued(name="core.events.deliver_endpoint", retry=False)
def deliver_endpoint(unit: UnitOfWork, environment: Environment, *, endpoint_id: str,
                     merchant_id: str) -> None:
    """Up to ROUNDS rounds of the endpoint's due deliveries, each POST within its deadline.
    Not retried by the queue: a failed POST is retried on the delivery's own schedule, and a
    job that died leaves its leases to run out, when the dispatch finds them due again."""
    settings = environment.settings
    for _ in range(ROUNDS):
        attempted = delivery.deliver_due(
            unit, now=environment.clock(), clock=environment.clock,
            limit=settings["WEBHOOK_PER_ENDPOINT"],
            per_endpoint=settings["WEBHOOK_PER_ENDPOINT"],
            deadline_seconds=settings["WEBHOOK_DEADLINE_SECONDS"],
            credentials_secrets=settings["CREDENTIALS_SECRETS"],
            production=settings["GOODWORD_ENV"] == "production", endpoint_id=endpoint_id)
        if not attempted:
            return
    send_worker(settings, endpoint_id=endpoint_id, merchant_id=merchant_id)


@scheduled(name="core.events.dispatch_deliveries", cron="* * * * * */5", in_process=False)
def dispatch_deliveries(unit: UnitOfWork, environment: Environment) -> None:
    """Every 5 seconds: a job for each endpoint with due deliveries that has none waiting."""
    for endpoint_id, merchant_id in due_endpoints(unit.session, now=environment.clock()):
        send_worker(environment.settings, endpoint_id=endpoint_id, merchant_id=merchant_id)


def send_worker(settings: Any, *, endpoint_id: str, merchant_id: str) -> bool:
    """Defer the endpoint's job unless one is waiting already; True when one was deferred."""
    return defer_once(
        deliver_endpoint, queueing_lock=f"deliver:{endpoint_id}",
        lock=merchant_lock(merchant_id, endpoint_id,
                           per_merchant=settings.get("WORKER_PER_MERCHANT", PER_MERCHANT)),
        endpoint_id=endpoint_id, merchant_id=merchant_id)
