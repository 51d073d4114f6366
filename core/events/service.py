"""Write events in the transaction of the change they describe, and read them back.

An event row commits or rolls back with its change, so a merchant is never told about something
that did not happen, and nothing that happened is missing from the outbox. The deliveries to the
endpoints subscribed at that moment are queued in the same transaction.
"""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, exists, insert, select
from sqlalchemy.orm import Session

from core.db import insert_unless_exists, transaction_memo
from core.errors import InvalidInput, NotFound
from core.events.models import Event, WebhookDelivery, WebhookEndpoint
from core.ids import new_id
from core.pagination import page

EVENT_TYPES = (
    "promoter.created",
    "click.invalid",
    "share.created",
    "referral.created",
    "referral.approved",
    "referral.rejected",
    "referral.review_reminder",
    "reward.earned",
    "reward.available",
    "reward.clawed_back",
    "reward.expired",
    "redemption.issued",
    "redemption.failed",
    "tier.changed",
    "feedback.received",
    "webhook_endpoint.disabled",
)


class EventNotFound(NotFound):
    code = "event_not_found"


def emit(session: Session, *, merchant_id: str, type: str, data: dict[str, Any],
         now: datetime) -> Event:
    """Record that `type` happened, and queue it for every endpoint that wants it."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type!r}")
    event = Event(id=new_id("evt"), merchant_id=merchant_id, type=type, data=_plain(data),
                  created_at=now)
    insert_unless_exists(session, event)  # a new id: one INSERT, without a flush's cost
    for endpoint in _enabled_endpoints(session, merchant_id):
        if wants(endpoint, type):
            queue_delivery(session, event=event, endpoint=endpoint, now=now)
    return event


# Rows per multi-row INSERT of `emit_many`: well under both databases' bind limits.
ROWS_PER_INSERT = 1000


def emit_many(session: Session, *, merchant_id: str, type: str, data: list[dict[str, Any]],
              now: datetime) -> list[str]:
    """`emit` for many events of one type at once (a tier placing thousands of promoters):
    a multi-row INSERT per thousand events and per subscribed endpoint, not one per event.
    Their ids, in the order of `data`."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type!r}")
    if not data:
        return []
    rows = [{"id": new_id("evt"), "merchant_id": merchant_id, "type": type,
             "data": _plain(item), "created_at": now} for item in data]
    for start in range(0, len(rows), ROWS_PER_INSERT):
        session.execute(insert(Event).values(rows[start:start + ROWS_PER_INSERT]))
    for endpoint in _enabled_endpoints(session, merchant_id):
        if not wants(endpoint, type):
            continue
        deliveries = [_delivery_values(event_id=row["id"], merchant_id=merchant_id,
                                       endpoint_id=endpoint.id, now=now) for row in rows]
        for start in range(0, len(deliveries), ROWS_PER_INSERT):
            session.execute(
                insert(WebhookDelivery).values(deliveries[start:start + ROWS_PER_INSERT]))
    return [row["id"] for row in rows]


# Built once: every event asks it (see rewards.ledger.service._MOVE).
_ENABLED = (WebhookEndpoint.merchant_id == bindparam("merchant"),
            WebhookEndpoint.status == "enabled", WebhookEndpoint.deleted.is_(False))
_ENABLED_ENDPOINTS = select(WebhookEndpoint).where(*_ENABLED)
# Whether the merchant (bind parameter "merchant") has an enabled endpoint: to ask inside
# another read of the same transaction (see `note_endpoints`).
ENDPOINTS_EXIST = exists().where(*_ENABLED)


def note_endpoints(session: Session, *, merchant_id: str, found: bool | None) -> None:
    """What `ENDPOINTS_EXIST`, asked in this transaction, answered: with none, the events this
    transaction emits queue no delivery and read no endpoint (an order's earnings read the
    rules anyway, and ask it there). An endpoint made or enabled in the same transaction after
    it was asked forgets the answer (`forget_endpoints`)."""
    if found is False:
        transaction_memo(session)[_NO_ENDPOINTS, merchant_id] = True


def forget_endpoints(session: Session, *, merchant_id: str) -> None:
    transaction_memo(session).pop((_NO_ENDPOINTS, merchant_id), None)


_NO_ENDPOINTS = "no webhook endpoints"


def _enabled_endpoints(session: Session, merchant_id: str) -> Iterable[WebhookEndpoint]:
    if transaction_memo(session).get((_NO_ENDPOINTS, merchant_id)):
        return []
    return session.scalars(_ENABLED_ENDPOINTS, {"merchant": merchant_id})


def _plain(value: Any) -> Any:
    """JSON-ready: amounts computed in SQL arrive as Decimal on PostgreSQL, times as datetime."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def wants(endpoint: WebhookEndpoint, type: str) -> bool:
    return "*" in endpoint.enabled_events or type in endpoint.enabled_events


def queue_delivery(session: Session, *, event: Event, endpoint: WebhookEndpoint,
                   now: datetime) -> WebhookDelivery:
    delivery = WebhookDelivery(**_delivery_values(event_id=event.id, merchant_id=event.merchant_id,
                                                  endpoint_id=endpoint.id, now=now))
    session.add(delivery)
    return delivery


def _delivery_values(*, event_id: str, merchant_id: str, endpoint_id: str, now: datetime
                     ) -> dict[str, Any]:
    return {"id": new_id("whd"), "merchant_id": merchant_id, "event_id": event_id,
            "endpoint_id": endpoint_id, "status": "pending", "attempts": 0,
            "next_attempt_at": now, "created_at": now}


def get_event(session: Session, *, merchant_id: str, event_id: str) -> Event:
    event = session.get(Event, event_id)
    if event is None or event.merchant_id != merchant_id:
        raise EventNotFound(f"No such event: {event_id!r}", param="id")
    return event


def event_types(session: Session, *, merchant_id: str, event_ids: list[str]) -> dict[str, str]:
    """{event id: type} for the merchant's events among `event_ids` (a delivery log's page)."""
    if not event_ids:
        return {}
    rows = session.execute(select(Event.id, Event.type).where(
        Event.merchant_id == merchant_id, Event.id.in_(set(event_ids))))
    return {event_id: event_type for event_id, event_type in rows}


def list_events(
    session: Session,
    *,
    merchant_id: str,
    limit: int,
    starting_after: str | None = None, ending_before: str | None = None,
    type: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
) -> tuple[list[Event], bool]:
    """The merchant's events, newest first, optionally of one type and within a time range."""
    statement = select(Event).where(Event.merchant_id == merchant_id)
    if type is not None:
        if type not in EVENT_TYPES:
            raise InvalidInput(f"type must be one of {', '.join(EVENT_TYPES)}.", param="type")
        statement = statement.where(Event.type == type)
    if created_after is not None:
        statement = statement.where(Event.created_at > created_after)
    if created_before is not None:
        statement = statement.where(Event.created_at < created_before)
    return page(session, statement, id_column=Event.id, prefix="evt", limit=limit,
                starting_after=starting_after, ending_before=ending_before)
