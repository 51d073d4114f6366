"""Webhook endpoints: where a merchant wants events sent, with the secret that signs them."""

import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.errors import InvalidInput, NotFound
from core.events.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from core.events.service import (
    EVENT_TYPES,
    forget_endpoints,
    get_event,
    queue_delivery,
    wants,
)
from core.events.special_addresses import is_refused
from core.events.standard_signature import new_signing_secret
from core.ids import new_id
from core.merchants.credentials import seal, unseal
from core.pagination import NumberedPage, numbered_page, page

MAX_ENDPOINTS = 16
# The longest an old secret may keep signing after a rotation.
MAX_SECRET_GRACE_SECONDS = 7 * 24 * 3600
# The reason Goodword gives when it stops sending to an endpoint that keeps failing.
FAILING_REASON = "failing for 3 days"
# ... and the one it gives when the receiver answered 410 Gone.
GONE_REASON = "the receiver answered 410 Gone"


class WebhookEndpointNotFound(NotFound):
    code = "webhook_endpoint_not_found"


class WebhookUrlRefused(InvalidInput):
    code = "webhook_url_refused"


class DeliveryNotFound(NotFound):
    code = "webhook_delivery_not_found"


def check_url(url: str, *, production: bool) -> str:
    """Outside production any http(s) URL will do (test receivers live on loopback). In
    production only https, and never an address inside the network Goodword runs in: a
    webhook URL must not be a way to make Goodword call its own database or cloud metadata."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookUrlRefused("url must be an http or https URL.", param="url")
    if parts.username or parts.password:
        raise WebhookUrlRefused("url may not carry a user name or password.", param="url")
    if production:
        if parts.scheme != "https":
            raise WebhookUrlRefused("url must use https.", param="url")
        refuse_private_address(parts.hostname, parts.port or 443)
    return url


def refuse_private_address(hostname: str, port: int) -> None:
    public_addresses(hostname, port)


def public_addresses(hostname: str, port: int) -> list[str]:
    """What `hostname` resolves to, in the resolver's order, refused when any address is not
    on the public internet. Resolved once per call: a caller that connects must connect to
    these very addresses (core.events.pinned_http), or DNS could answer differently next."""
    try:
        infos = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise WebhookUrlRefused(f"The host {hostname!r} does not resolve.", param="url") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        if is_refused(address):
            raise WebhookUrlRefused(
                f"The host {hostname!r} resolves to a private or reserved address.", param="url"
            )
    if not addresses:
        raise WebhookUrlRefused(f"The host {hostname!r} does not resolve.", param="url")
    return addresses


def check_events(enabled_events: list[str]) -> list[str]:
    unknown = [name for name in enabled_events if name != "*" and name not in EVENT_TYPES]
    if unknown:
        raise InvalidInput(f"Unknown event types: {', '.join(unknown)}.", param="enabled_events")
    if not enabled_events:
        raise InvalidInput("enabled_events needs at least one type, or \"*\".",
                           param="enabled_events")
    return sorted(set(enabled_events))


def create_endpoint(
    session: Session,
    *,
    merchant_id: str,
    url: str,
    enabled_events: list[str],
    now: datetime,
    credentials_secrets: list[bytes],
    production: bool,
    description: str | None = None,
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret, which is shown this once."""
    count = len(session.scalars(select(WebhookEndpoint.id).where(
        WebhookEndpoint.merchant_id == merchant_id, WebhookEndpoint.deleted.is_(False)
    )).all())
    if count >= MAX_ENDPOINTS:
        raise InvalidInput(f"A merchant can have at most {MAX_ENDPOINTS} webhook endpoints.")
    signing_secret = new_signing_secret()
    endpoint = WebhookEndpoint(
        id=new_id("whe"), merchant_id=merchant_id, url=check_url(url, production=production),
        description=description, enabled_events=check_events(enabled_events), status="enabled",
        secret_sealed=seal(signing_secret, secrets=credentials_secrets), deleted=False,
        created_at=now,
    )
    session.add(endpoint)
    session.flush()
    forget_endpoints(session, merchant_id=merchant_id)
    return endpoint, signing_secret


def signing_secret(endpoint: WebhookEndpoint, *, credentials_secrets: list[bytes]) -> str:
    return unseal(endpoint.secret_sealed, secrets=credentials_secrets)


def signing_secrets(endpoint: WebhookEndpoint, *, credentials_secrets: list[bytes],
                    now: datetime) -> tuple[str, ...]:
    """The secrets that sign a delivery now: the current one, then the previous one while its
    grace period after a rotation lasts."""
    current = signing_secret(endpoint, credentials_secrets=credentials_secrets)
    if (endpoint.previous_secret_sealed is None or endpoint.previous_secret_expires_at is None
            or endpoint.previous_secret_expires_at <= now):
        return (current,)
    return current, unseal(endpoint.previous_secret_sealed, secrets=credentials_secrets)


def rotate_secret(session: Session, *, merchant_id: str, endpoint_id: str, now: datetime,
                  credentials_secrets: list[bytes],
                  previous_secret_expires_in: int = 0) -> tuple[WebhookEndpoint, str]:
    """A new signing secret, shown this once. The old one stops signing at once, or keeps
    signing beside the new one for `previous_secret_expires_in` seconds (Stripe-style: two
    v1= signatures in the header meanwhile)."""
    endpoint = get_endpoint(session, merchant_id=merchant_id, endpoint_id=endpoint_id)
    session.refresh(endpoint, with_for_update=True)  # two rotations at once: one after the other
    new_secret = new_signing_secret()
    if previous_secret_expires_in > 0:
        endpoint.previous_secret_sealed = endpoint.secret_sealed
        endpoint.previous_secret_expires_at = now + timedelta(seconds=previous_secret_expires_in)
    else:
        endpoint.previous_secret_sealed = endpoint.previous_secret_expires_at = None
    endpoint.secret_sealed = seal(new_secret, secrets=credentials_secrets)
    session.flush()
    return endpoint, new_secret


def get_endpoint(session: Session, *, merchant_id: str, endpoint_id: str) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.merchant_id != merchant_id or endpoint.deleted:
        raise WebhookEndpointNotFound(f"No such webhook endpoint: {endpoint_id!r}", param="id")
    return endpoint


def list_endpoints(session: Session, *, merchant_id: str, limit: int,
                   starting_after: str | None = None,
                   ending_before: str | None = None) -> tuple[list[WebhookEndpoint], bool]:
    statement = select(WebhookEndpoint).where(
        WebhookEndpoint.merchant_id == merchant_id, WebhookEndpoint.deleted.is_(False)
    )
    return page(session, statement, id_column=WebhookEndpoint.id, prefix="whe", limit=limit,
                starting_after=starting_after, ending_before=ending_before)


def update_endpoint(session: Session, *, merchant_id: str, endpoint_id: str,
                    changes: dict[str, Any], production: bool) -> WebhookEndpoint:
    """Change the URL, the events or the description, or disable and enable the endpoint."""
    endpoint = get_endpoint(session, merchant_id=merchant_id, endpoint_id=endpoint_id)
    if "url" in changes:
        endpoint.url = check_url(changes["url"], production=production)
    if "enabled_events" in changes:
        endpoint.enabled_events = check_events(changes["enabled_events"])
    if "description" in changes:
        endpoint.description = changes["description"]
    if "disabled" in changes:
        if changes["disabled"]:
            disable(session, endpoint=endpoint, reason="disabled by the merchant")
        elif endpoint.status != "enabled":
            # Events missed while disabled are not replayed on their own: the merchant can
            # redeliver the ones they need from the event log.
            endpoint.status, endpoint.disabled_reason, endpoint.failing_since = (
                "enabled", None, None)
    session.flush()
    forget_endpoints(session, merchant_id=merchant_id)
    return endpoint


def disabled_for_failing(session: Session, *, merchant_id: str) -> list[WebhookEndpoint]:
    """Endpoints Goodword stopped sending to because they kept failing (not the merchant's own
    choice): the dashboard warns about them on every page until they are enabled or deleted."""
    return list(session.scalars(select(WebhookEndpoint).where(
        WebhookEndpoint.merchant_id == merchant_id, WebhookEndpoint.deleted.is_(False),
        WebhookEndpoint.status == "disabled",
        WebhookEndpoint.disabled_reason.in_((FAILING_REASON, GONE_REASON)),
    ).order_by(WebhookEndpoint.id)))


def disable(session: Session, *, endpoint: WebhookEndpoint, reason: str) -> None:
    endpoint.status = "disabled"
    endpoint.disabled_reason = reason
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == "pending")
        .values(status="disabled")
    )


def delete_endpoint(session: Session, *, merchant_id: str, endpoint_id: str) -> WebhookEndpoint:
    """Stop sending to the endpoint; its delivery log stays behind for the merchant's records."""
    endpoint = get_endpoint(session, merchant_id=merchant_id, endpoint_id=endpoint_id)
    disable(session, endpoint=endpoint, reason="deleted")
    endpoint.deleted = True
    session.flush()
    return endpoint


def list_deliveries(session: Session, *, merchant_id: str, endpoint_id: str, limit: int,
                    starting_after: str | None = None,
                    ending_before: str | None = None, event_id: str | None = None,
                    ) -> tuple[list[WebhookDelivery], bool]:
    """The endpoint's delivery log, newest first."""
    endpoint = get_endpoint(session, merchant_id=merchant_id, endpoint_id=endpoint_id)
    statement = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
    if event_id is not None:
        statement = statement.where(WebhookDelivery.event_id == event_id)
    return page(session, statement, id_column=WebhookDelivery.id, prefix="whd", limit=limit,
                starting_after=starting_after, ending_before=ending_before)


def delivery_page(session: Session, *, merchant_id: str, endpoint_id: str, number: int,
                  size: int) -> NumberedPage:
    """Page `number` of the endpoint's delivery log, newest first, with how long it is."""
    endpoint = get_endpoint(session, merchant_id=merchant_id, endpoint_id=endpoint_id)
    return numbered_page(
        session, select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id),
        order_by=[WebhookDelivery.id.desc()], number=number, size=size)


@dataclass(frozen=True)
class EndpointHealth:
    """How an endpoint is doing, for the list of endpoints: failing since when, and why."""

    failing_since: datetime | None
    last_error: str | None
    last_error_at: datetime | None


def health(session: Session, *, merchant_id: str, endpoints: list[WebhookEndpoint]
           ) -> dict[str, EndpointHealth]:
    """Each endpoint's health: its last failed attempt (status, error or answer) if it is
    failing now, read from the attempt log, one query per endpoint (a merchant has few)."""
    found = {}
    for endpoint in endpoints:
        last = None
        if endpoint.failing_since is not None:
            last = session.scalars(
                select(WebhookAttempt).where(WebhookAttempt.endpoint_id == endpoint.id,
                                             WebhookAttempt.succeeded.is_(False))
                .order_by(WebhookAttempt.id.desc()).limit(1)
            ).first()
        error = None
        if last is not None:
            error = last.error or (f"HTTP {last.status_code}" + (
                f": {last.response_snippet}" if last.response_snippet else ""))
        found[endpoint.id] = EndpointHealth(
            failing_since=endpoint.failing_since, last_error=error,
            last_error_at=last.attempted_at if last is not None else None)
    return found


def redeliver_event(session: Session, *, merchant_id: str, event_id: str, now: datetime,
                    endpoint_id: str | None = None) -> list[WebhookDelivery]:
    """Send an event again, to one endpoint or to every enabled endpoint that wants it now."""
    event = get_event(session, merchant_id=merchant_id, event_id=event_id)
    if endpoint_id is not None:
        endpoints = [get_endpoint(session, merchant_id=merchant_id, endpoint_id=endpoint_id)]
    else:
        endpoints = list(session.scalars(select(WebhookEndpoint).where(
            WebhookEndpoint.merchant_id == merchant_id, WebhookEndpoint.deleted.is_(False),
            WebhookEndpoint.status == "enabled",
        ).order_by(WebhookEndpoint.id)))
        endpoints = [endpoint for endpoint in endpoints if wants(endpoint, event.type)]
    for endpoint in endpoints:
        if endpoint.status != "enabled":
            raise InvalidInput("The webhook endpoint is disabled; enable it first.",
                               param="endpoint")
    deliveries = [queue_delivery(session, event=event, endpoint=endpoint, now=now)
                  for endpoint in endpoints]
    session.flush()
    return deliveries


def redeliver(session: Session, *, merchant_id: str, endpoint_id: str, delivery_id: str,
              now: datetime) -> WebhookDelivery:
    """Send one delivery's event to its endpoint again, as a new delivery."""
    endpoint = get_endpoint(session, merchant_id=merchant_id, endpoint_id=endpoint_id)
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.endpoint_id != endpoint.id:
        raise DeliveryNotFound(f"No such delivery: {delivery_id!r}", param="id")
    return redeliver_event(session, merchant_id=merchant_id, event_id=delivery.event_id, now=now,
                           endpoint_id=endpoint.id)[0]
