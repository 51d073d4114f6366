"""Which due deliveries to claim next, fairly: at most `per_endpoint` in flight per endpoint,
across every worker, and endpoints served round-robin, oldest due first.

Without this a claim took the oldest due rows, whoever they were for: a merchant whose
receiver trickles its answers, or who queued a backlog (a burst of events, a wave of
redeliveries), filled every batch and every worker, and other merchants' events waited behind
it. Now one endpoint holds at most `per_endpoint` of the worker slots however slow or
backlogged it is, and the rest go to the other endpoints in the order their events fell due.

"In flight" is a pending delivery under a lease that has not run out (its next attempt moved
past the lease, its lease token set). The endpoints are locked FOR UPDATE SKIP LOCKED while
the in-flight count is read and the claim written, so two workers cannot both see a free slot
on one endpoint and both take it; the second skips the endpoint until the first commits.
"""

from datetime import datetime
from itertools import zip_longest

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from core.events.models import WebhookDelivery, WebhookEndpoint

_PENDING = WebhookDelivery.status == "pending"


def _in_flight(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (_PENDING, WebhookDelivery.lease_token.is_not(None),
            WebhookDelivery.next_attempt_at > now)


def due_rows(session: Session, *, now: datetime, limit: int, per_endpoint: int,
             endpoint_id: str | None = None) -> list[WebhookDelivery]:
    """Up to `limit` due deliveries, locked, fair across endpoints (one endpoint's only, when
    `endpoint_id` is given: a job per endpoint calls it that way)."""
    full = (select(WebhookDelivery.endpoint_id).where(*_in_flight(now))
            .group_by(WebhookDelivery.endpoint_id)
            .having(func.count() >= per_endpoint))
    oldest = func.min(WebhookDelivery.next_attempt_at)
    candidates = (select(WebhookDelivery.endpoint_id)
                  .where(_PENDING, WebhookDelivery.next_attempt_at <= now,
                         WebhookDelivery.endpoint_id.not_in(full))
                  .group_by(WebhookDelivery.endpoint_id).order_by(oldest).limit(limit))
    if endpoint_id is not None:
        candidates = candidates.where(WebhookDelivery.endpoint_id == endpoint_id)
    order = list(session.scalars(candidates))
    if not order:
        return []
    locked = set(session.scalars(
        select(WebhookEndpoint.id).where(WebhookEndpoint.id.in_(order))
        .order_by(WebhookEndpoint.id).with_for_update(skip_locked=True)))
    busy = dict(session.execute(
        select(WebhookDelivery.endpoint_id, func.count())
        .where(*_in_flight(now), WebhookDelivery.endpoint_id.in_(locked))
        .group_by(WebhookDelivery.endpoint_id)).all())
    ranked = (select(WebhookDelivery.id, func.row_number().over(
        partition_by=WebhookDelivery.endpoint_id,
        order_by=(WebhookDelivery.next_attempt_at, WebhookDelivery.id)).label("rank"))
        .where(_PENDING, WebhookDelivery.next_attempt_at <= now,
               WebhookDelivery.endpoint_id.in_(locked))
        .subquery())
    rows = session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.id.in_(select(ranked.c.id).where(ranked.c.rank <= per_endpoint)))
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .with_for_update(skip_locked=True))
    lanes: dict[str, list[WebhookDelivery]] = {endpoint: [] for endpoint in order
                                               if endpoint in locked}
    for row in rows:
        lane = lanes[row.endpoint_id]
        if len(lane) < per_endpoint - busy.get(row.endpoint_id, 0):
            lane.append(row)
    # Round-robin: every endpoint's oldest first, then every endpoint's second, and so on.
    turns = zip_longest(*lanes.values())
    return [row for turn in turns for row in turn if row is not None][:limit]


def due_endpoints(session: Session, *, now: datetime) -> list[tuple[str, str]]:
    """(endpoint id, merchant id) of every endpoint with a due delivery nobody holds: the
    endpoints a worker should be sent to."""
    return [(endpoint_id, merchant_id) for endpoint_id, merchant_id in session.execute(
        select(WebhookDelivery.endpoint_id, WebhookDelivery.merchant_id)
        .where(_PENDING, WebhookDelivery.next_attempt_at <= now)
        .group_by(WebhookDelivery.endpoint_id, WebhookDelivery.merchant_id)
        .order_by(func.min(WebhookDelivery.next_attempt_at)))]
