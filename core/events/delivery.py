"""Delivering events: claim due deliveries, POST them outside any transaction, record results.

At least once: a delivery is claimed by moving its next attempt past a lease and committing, so
a worker that dies holding it only delays it until the lease runs out, when another worker (or
the same one, restarted) claims it again. Several workers share the queue through
FOR UPDATE SKIP LOCKED and never claim the same row while its lease runs. A receiver can still
see an event twice when a worker dies after the POST and before recording it: receivers should
use the event id to ignore repeats.

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
from core.events import pinned_http
from core.events.endpoints import (
    FAILING_REASON,
    disable,
    signing_secrets,
)
from core.events.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from core.events.service import emit

TIMEOUT_SECONDS = 10
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

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def lease_for(limit: int) -> timedelta:
    """Long enough for every POST of a batch to time out, so a live worker keeps its claim."""
    return timedelta(seconds=TIMEOUT_SECONDS * limit + 60)


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


def claim_due(session: Session, *, now: datetime, limit: int,
              credentials_secrets: list[bytes]) -> list[Claimed]:
    """Take up to `limit` due deliveries under a lease, and commit the claim."""
    claimed = lease_due(session, now=now, limit=limit, credentials_secrets=credentials_secrets)
    session.commit()
    return claimed


def lease_due(session: Session, *, now: datetime, limit: int,
              credentials_secrets: list[bytes]) -> list[Claimed]:
    """The claim itself, in the caller's transaction: rows locked, new lease tokens written."""
    rows = list(session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ))
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
        delivery.next_attempt_at = now + lease_for(limit)
        delivery.lease_token = secrets.token_hex(16)
        endpoint = endpoints[delivery.endpoint_id]
        claimed.append(Claimed(
            delivery_id=delivery.id, lease_token=delivery.lease_token,
            event_id=delivery.event_id, endpoint_id=endpoint.id, url=endpoint.url,
            secrets=secrets_of[endpoint.id], body=event_body(events[delivery.event_id]),
        ))
    return claimed


def post(claimed: Claimed, *, now: datetime, production: bool) -> Response:
    """POST one event, signed, with a short timeout. Never raises for the receiver's faults.
    Redirects are answers, not instructions (following one could lead anywhere): a 3xx is
    recorded as a failed attempt. In production the connection is pinned to the address that
    passed the private-address check (core.events.pinned_http)."""
    started = time.monotonic()
    status_code, snippet, error = None, None, None
    try:
        parts = urlsplit(claimed.url)
        connection = pinned_http.open_connection(parts, production=production,
                                                 timeout=TIMEOUT_SECONDS)
        try:
            connection.request("POST", pinned_http.request_target(parts), body=claimed.body,
                               headers={
                                   "Content-Type": "application/json",
                                   "User-Agent": USER_AGENT,
                                   "Goodword-Signature": signature_header(
                                       claimed.secrets, claimed.body, int(now.timestamp())),
                               })
            answer = connection.getresponse()
            status_code = answer.status
            snippet = answer.read(SNIPPET).decode("utf-8", "replace")
        finally:
            connection.close()
    except InvalidInput as refused:
        error = refused.message
    except (OSError, ValueError, http.client.HTTPException) as failure:
        # refused, reset, timed out, bad certificate, unreadable URL or answer
        error = f"{type(failure).__name__}: {failure}"[:SNIPPET]
    latency_ms = int((time.monotonic() - started) * 1000)
    return Response(status_code, latency_ms, snippet, error)


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
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
    if endpoint.failing_since is None:
        endpoint.failing_since = now
    elif endpoint.status == "enabled" and now - endpoint.failing_since >= GIVE_UP_AFTER:
        disable(session, endpoint=endpoint, reason=FAILING_REASON)
        emit(session, merchant_id=endpoint.merchant_id, type="webhook_endpoint.disabled",
             now=now, data={"webhook_endpoint": endpoint.id, "url": endpoint.url,
                            "reason": endpoint.disabled_reason})


def release(session: Session, *, claimed: list[Claimed], now: datetime) -> None:
    """Hand back claims that were never attempted (a worker stopping), due at once."""
    for item in claimed:
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == item.delivery_id,
                   WebhookDelivery.lease_token == item.lease_token,
                   WebhookDelivery.status == "pending")
            .values(next_attempt_at=now, lease_token=None)
        )
    session.commit()


def deliver_due(session: Session, *, now: datetime, limit: int, credentials_secrets: list[bytes],
                production: bool = False,
                clock: Callable[[], datetime] | None = None) -> int:
    """Claim, POST (in parallel, so one slow receiver does not hold up the others) and record
    one batch; returns how many deliveries were attempted."""
    claimed = claim_due(session, now=now, limit=limit, credentials_secrets=credentials_secrets)
    if not claimed:
        return 0
    with ThreadPoolExecutor(max_workers=min(len(claimed), 8)) as pool:
        responses = list(pool.map(lambda item: post(item, now=now, production=production),
                                  claimed))
    record_all(session, results=list(zip(claimed, responses, strict=True)),
               now=clock() if clock else now)
    session.commit()
    return len(claimed)
