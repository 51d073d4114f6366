"""The outbox (events), the merchant's webhook endpoints, and one delivery row per event and
endpoint, which is the queue the worker claims from."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Model, UTCDateTime
from core.metadata import HasMetadata


class Event(Model):
    """Something that happened, written in the transaction that made it happen."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_merchant_id_id", "merchant_id", "id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    type: Mapped[str] = mapped_column(String(60))
    # Ids and the public fields a merchant's systems need; never secrets.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WebhookEndpoint(HasMetadata, Model):
    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str | None] = mapped_column(String(500))
    # Event types, or ["*"] for all of them.
    enabled_events: Mapped[list[str]] = mapped_column(JSON)
    # enabled, or disabled (by the merchant, or by Goodword after 3 days of failures).
    status: Mapped[str] = mapped_column(String(20))
    disabled_reason: Mapped[str | None] = mapped_column(String(200))
    # The signing secret, Fernet-sealed: it must be recoverable to sign each delivery.
    secret_sealed: Mapped[str] = mapped_column(Text)
    # After a rotation, the secret it replaced keeps signing beside the new one until this time,
    # so receivers can switch over without dropping deliveries.
    previous_secret_sealed: Mapped[str | None] = mapped_column(Text)
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the current run of failures began; cleared by any success.
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WebhookDelivery(Model):
    """One event on its way to one endpoint: pending until it succeeds or runs out of time."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint", "endpoint_id", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    endpoint_id: Mapped[str] = mapped_column(ForeignKey("webhook_endpoints.id"))
    # pending, succeeded, failed (gave up after 3 days), disabled (the endpoint was disabled).
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Random, set by each claim: only the worker holding the current lease may record a result,
    # so a worker whose lease ran out (and whose row another worker claimed) changes nothing.
    lease_token: Mapped[str | None] = mapped_column(String(32))
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_latency_ms: Mapped[int | None] = mapped_column(Integer)
    last_response: Mapped[str | None] = mapped_column(String(500))
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    history: Mapped[list["WebhookAttempt"]] = relationship(
        order_by="WebhookAttempt.id", lazy="selectin", viewonly=True
    )


class WebhookAttempt(Model):
    """The delivery log: one row per POST, with what the receiver answered."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_endpoint", "endpoint_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[str] = mapped_column(ForeignKey("webhook_deliveries.id"), index=True)
    endpoint_id: Mapped[str] = mapped_column(ForeignKey("webhook_endpoints.id"))
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"))
    status_code: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[int] = mapped_column(Integer)
    response_snippet: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str | None] = mapped_column(String(500))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)
