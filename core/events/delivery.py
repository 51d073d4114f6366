"""Delivering events: claim due deliveries, POST them outside any transaction, record results.

At least once: a delivery is claimed by moving its next attempt past a lease and committing, so
a worker that dies holding it only delays it until the lease runs out, when another worker (or
the same one, restarted) claims it again. Several workers share the queue through
FOR UPDATE SKIP LOCKED and never claim the same row while its lease runs. A receiver can still
see an event twice when a worker dies after the POST and before recording it: receivers should
use the event id to ignore repeats.

Fair and bounded (core.events.fair_claim, core.events.delivery_pool): at most `per_endpoint`
deliveries per endpoint are in flight at once across all workers, and every POST ends by its
whole-request deadline (core.events.deadline), so a slow or backlogged receiver costs its own
merchant time, not everyone's.

Each claim writes a fresh random lease token, and a result is recorded only by the holder of
the current token: a worker that was stalled past its lease (while another worker claimed the
row again and recorded a newer attempt) finds its token gone and records nothing.
"""

import hashlib
import hmac
import http.client
import json
import logging
import random
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.errors import InvalidInput
from core.events import pinned_http, standard_signature
from core.events.deadline import Deadline
from core.events.endpoints import (
    FAILING_REASON,
    GONE_REASON,
    disable,
    signing_secrets,
)
from core.events.fair_claim import due_rows
from core.events.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from core.events.service import emit
from core.unit_of_work import UnitOfWork

# The whole request, connect to last byte read (WEBHOOK_DEADLINE_SECONDS): the Standard Webhooks
# spec suggests receivers answer within 15 to 30 s, so a 200 after 12 s is a success.
DEADLINE_SECONDS = 15.0
# Deliveries one endpoint may have in flight at once, across workers (WEBHOOK_PER_ENDPOINT).
PER_ENDPOINT = 5
# Retried for three days; after that the delivery fails, and an endpoint failing for three days
# is disabled, so a dead receiver does not fill the queue forever.
GIVE_UP_AFTER = timedelta(days=3)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=6)
SNIPPET = 500
USER_AGENT = "Goodword-Webhooks/1"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claimed:
    delivery_id: str
    lease_token: str
    event_id: str
    endpoint_id: str
    url: str
    secrets: tuple[str, ...]  # the current secret first; the previous one during a grace period
    body: bytes


@dataclass(frozen=True)
class Response:
    status_code: int | None
    latency_ms: int
    snippet: str | None
    error: str | None
    # Seconds from a 429 or 503 answer's Retry-After header, when it gave a number.
    retry_after: int | None = None

    @property
    def succeeded(self) -> bool:
        # An answer cut off by the deadline is a failure, whatever its status line said.
        return (self.status_code is not None and 200 <= self.status_code < 300
                and self.error is None)


def lease_for(limit: int, deadline_seconds: float = DEADLINE_SECONDS) -> timedelta:
    """Long enough for every POST of a batch to reach its deadline, so a live worker keeps its
    claim (`limit` 1 for a claim whose POSTs all start at once)."""
    return timedelta(seconds=deadline_seconds * limit + 60)


def event_body(event: Event) -> bytes:
    return json.dumps({
        "id": event.id, "object": "event", "type": event.type,
        "created_at": event.created_at.isoformat(), "data": event.data,
    }, sort_keys=True, separators=(",", ":")).encode()


def signature_header(secrets: tuple[str, ...], body: bytes, timestamp: int) -> str:
    """`t=<unix time>,v1=<hex>`, with one v1= per signing secret (two during a rotation)."""
    signed = f"{timestamp}.".encode() + body
    digests = [hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
               for secret in secrets]
    return ",".join([f"t={timestamp}", *(f"v1={digest}" for digest in digests)])


def claim_due(unit: UnitOfWork, *, now: datetime, limit: int,
              credentials_secrets: list[bytes], per_endpoint: int = PER_ENDPOINT,
              lease: timedelta | None = None, endpoint_id: str | None = None) -> list[Claimed]:
    """Take up to `limit` due deliveries under a lease, and commit the claim (the POSTs run
    outside any transaction)."""
    claimed = lease_due(unit.session, now=now, limit=limit, credentials_secrets=credentials_secrets,
                        per_endpoint=per_endpoint, lease=lease, endpoint_id=endpoint_id)
    unit.commit()
    return claimed


def lease_due(session: Session, *, now: datetime, limit: int,
              credentials_secrets: list[bytes], per_endpoint: int = PER_ENDPOINT,
              lease: timedelta | None = None, endpoint_id: str | None = None) -> list[Claimed]:
    """The claim itself, in the caller's transaction: rows locked, new lease tokens written."""
    rows = due_rows(session, now=now, limit=limit, per_endpoint=per_endpoint,
                    endpoint_id=endpoint_id)
    if not rows:
        return []
    events = {event.id: event for event in session.scalars(
        select(Event).where(Event.id.in_({delivery.event_id for delivery in rows})))}
    endpoints = {endpoint.id: endpoint for endpoint in session.scalars(
        select(WebhookEndpoint).where(
            WebhookEndpoint.id.in_({delivery.endpoint_id for delivery in rows})))}
    secrets_of = {endpoint.id: signing_secrets(endpoint, credentials_secrets=credentials_secrets,
                                               now=now)
                  for endpoint in endpoints.values()}
    claimed = []
    for delivery in rows:
        delivery.next_attempt_at = now + (lease or lease_for(limit))
        delivery.lease_token = secrets.token_hex(16)
        endpoint = endpoints[delivery.endpoint_id]
        claimed.append(Claimed(
            delivery_id=delivery.id, lease_token=delivery.lease_token,
            event_id=delivery.event_id, endpoint_id=endpoint.id, url=endpoint.url,
            secrets=secrets_of[endpoint.id], body=event_body(events[delivery.event_id]),
        ))
    return claimed


def post(claimed: Claimed, *, now: datetime, production: bool,
         deadline_seconds: float = DEADLINE_SECONDS) -> Response:
    """POST one event, signed both ways, within a whole-request deadline. Never raises for the
    receiver's faults. Redirects are answers, not instructions (following one could lead
    anywhere): a 3xx is recorded as a failed attempt. In production the connection goes only
    to addresses that passed the address check (core.events.pinned_http)."""
    started = time.monotonic()
    status_code, snippet, error, retry_after = None, None, None, None
    deadline = Deadline(deadline_seconds)
    try:
        parts = urlsplit(claimed.url)
        connection = pinned_http.open_connection(parts, production=production,
                                                 deadline=deadline)
        try:
            connection.request("POST", pinned_http.request_target(parts), body=claimed.body,
                               headers=request_headers(claimed, int(now.timestamp())))
            answer = connection.getresponse()
            status_code = answer.status
            snippet = answer.read(SNIPPET).decode("utf-8", "replace")
            retry_after = _retry_after(answer)
        finally:
            deadline.finish()  # before close: the timer never shuts a socket that is gone
            connection.close()
    except InvalidInput as refused:
        error = refused.message
    except (OSError, ValueError, http.client.HTTPException) as failure:
        # refused, reset, timed out, bad certificate, unreadable URL or answer
        error = f"{type(failure).__name__}: {failure}"[:SNIPPET]
    finally:
        deadline.finish()
    if deadline.passed or (error is not None and deadline.over):
        # The timer shut the socket while the answer was still being read, or a read timed out
        # on the time that was left: either way the whole answer did not come in time.
        error = deadline.message
    latency_ms = int((time.monotonic() - started) * 1000)
    return Response(status_code, latency_ms, snippet, error, retry_after)


def request_headers(claimed: Claimed, timestamp: int) -> dict[str, str]:
    """Goodword-Signature for existing receivers, and the Standard Webhooks headers."""
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Goodword-Signature": signature_header(claimed.secrets, claimed.body, timestamp),
        **standard_signature.headers(message_id=claimed.event_id, timestamp=timestamp,
                                     body=claimed.body, secrets=claimed.secrets),
    }


def _retry_after(answer: http.client.HTTPResponse) -> int | None:
    """Retry-After in seconds on a 429 or 503 (the HTTP-date form is not honoured)."""
    value = (answer.getheader("Retry-After") or "").strip()
    if answer.status in (429, 503) and value.isdigit():
        return int(value)
    return None


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with jitter: 30 s, 1 min, 2 min ... up to 6 h, each somewhere
    between half and all of that, so receivers coming back up are not hit all at once."""
    ceiling: timedelta = min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)
    return ceiling * random.uniform(0.5, 1.0)


def record(session: Session, *, claimed: Claimed, response: Response, now: datetime) -> bool:
    """Log the attempt and settle the delivery: done, due again later, or given up. False (and
    nothing written) when the lease was lost: another worker claimed the row since."""
    return record_all(session, results=[(claimed, response)], now=now) == 1


def record_all(session: Session, *, results: list[tuple[Claimed, Response]],
               now: datetime) -> int:
    """Record a batch of results in the caller's transaction (one commit for the batch);
    returns how many were recorded. Locks the endpoints, then the deliveries, each set in one
    statement by id: the order disabling an endpoint takes (endpoint row, then its pending
    deliveries), so recorders and a disable wait for each other instead of deadlocking."""
    tokens = {claimed.delivery_id: claimed.lease_token for claimed, _ in results}
    endpoints = {endpoint.id: endpoint for endpoint in session.scalars(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.id.in_({claimed.endpoint_id for claimed, _ in results}))
        .order_by(WebhookEndpoint.id).with_for_update()
    )}
    deliveries = {delivery.id: delivery for delivery in session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.id.in_(tokens))
        .order_by(WebhookDelivery.id).with_for_update()
    ) if delivery.lease_token == tokens[delivery.id]}
    for claimed, response in results:
        delivery = deliveries.get(claimed.delivery_id)
        if delivery is None:
            log.warning("lease lost on %s: a stale attempt's result dropped",
                        claimed.delivery_id)
            continue
        _settle(session, delivery, endpoints[delivery.endpoint_id], response, now)
    return len(deliveries)


def _settle(session: Session, delivery: WebhookDelivery, endpoint: WebhookEndpoint,
            response: Response, now: datetime) -> None:
    delivery.lease_token = None
    session.add(WebhookAttempt(
        delivery_id=delivery.id, endpoint_id=endpoint.id, event_id=delivery.event_id,
        status_code=response.status_code, latency_ms=response.latency_ms,
        response_snippet=response.snippet, error=response.error,
        succeeded=response.succeeded, attempted_at=now,
    ))
    delivery.attempts += 1
    delivery.last_status_code = response.status_code
    delivery.last_latency_ms = response.latency_ms
    delivery.last_response = response.snippet
    delivery.last_error = response.error
    delivery.last_attempt_at = now
    if response.succeeded:
        delivery.status = "succeeded"
        endpoint.failing_since = None
        return
    if delivery.status == "pending":
        if now - delivery.created_at >= GIVE_UP_AFTER:
            delivery.status = "failed"
        else:
            delivery.next_attempt_at = now + _next_retry(delivery.attempts, response)
    if endpoint.failing_since is None:
        endpoint.failing_since = now
    # 410 Gone: the receiver says the endpoint is no more (Standard Webhooks: stop at once).
    if endpoint.status == "enabled" and response.status_code == 410:
        _disable_and_tell(session, endpoint, GONE_REASON, now)
    elif endpoint.status == "enabled" and now - endpoint.failing_since >= GIVE_UP_AFTER:
        _disable_and_tell(session, endpoint, FAILING_REASON, now)


def _disable_and_tell(session: Session, endpoint: WebhookEndpoint, reason: str,
                      now: datetime) -> None:
    disable(session, endpoint=endpoint, reason=reason)
    emit(session, merchant_id=endpoint.merchant_id, type="webhook_endpoint.disabled",
         now=now, data={"webhook_endpoint": endpoint.id, "url": endpoint.url,
                        "reason": endpoint.disabled_reason})


def _next_retry(attempts: int, response: Response) -> timedelta:
    """The backoff, or later when a 429/503 asked for it with Retry-After: never sooner than
    the schedule (a receiver cannot make us hammer it), never later than its longest gap."""
    delay = retry_delay(attempts)
    if response.retry_after is not None:
        delay = max(delay, min(timedelta(seconds=response.retry_after), LONGEST_RETRY))
    return delay


def release(unit: UnitOfWork, *, claimed: list[Claimed], now: datetime) -> None:
    """Hand back claims that were never attempted (a worker stopping), due at once."""
    for item in claimed:
        unit.session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == item.delivery_id,
                   WebhookDelivery.lease_token == item.lease_token,
                   WebhookDelivery.status == "pending")
            .values(next_attempt_at=now, lease_token=None)
        )
    unit.commit()


def deliver_due(unit: UnitOfWork, *, now: datetime, limit: int, credentials_secrets: list[bytes],
                production: bool = False, clock: Callable[[], datetime] | None = None,
                deadline_seconds: float = DEADLINE_SECONDS, per_endpoint: int = PER_ENDPOINT,
                endpoint_id: str | None = None) -> int:
    """Claim, POST (all in parallel, each within its deadline) and record one batch; returns
    how many deliveries were attempted. The worker keeps a pool going instead
    (core.events.delivery_pool); a job per endpoint can call this with `endpoint_id`."""
    claimed = claim_due(unit, now=now, limit=limit, credentials_secrets=credentials_secrets,
                        per_endpoint=per_endpoint, endpoint_id=endpoint_id,
                        lease=lease_for(1, deadline_seconds))
    if not claimed:
        return 0
    with ThreadPoolExecutor(max_workers=len(claimed)) as pool:
        responses = list(pool.map(
            lambda item: post(item, now=now, production=production,
                              deadline_seconds=deadline_seconds), claimed))
    record_all(unit.session, results=list(zip(claimed, responses, strict=True)),
               now=clock() if clock else now)
    unit.commit()
    return len(claimed)
