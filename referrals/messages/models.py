"""The outbox of member emails, the merchant's own templates, and who unsubscribed."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Model, UTCDateTime, sql_list

MESSAGE_KINDS = ("reward_earned", "points_expiring", "birthday", "tier_reached")
# pending: due, not sent yet; sending: handed to the SMTP server, its answer not recorded (a
# worker that died there leaves it so: it is never sent twice); skipped: the member had no
# address, unsubscribed or was erased by the time it was due.
MESSAGE_STATUSES = ("pending", "sending", "sent", "failed", "skipped")


class SentMessage(Model):
    """One email to one member for one cause: the unique key is what sends it once, however
    often and by however many workers the job runs. What it said is not kept: a merchant's
    template may put the member's name in it, and an erased member's name must go."""

    __tablename__ = "sent_messages"
    __table_args__ = (
        UniqueConstraint("merchant_id", "promoter_id", "kind", "cause_id"),
        CheckConstraint(f"kind IN ({sql_list(MESSAGE_KINDS)})", name="kind"),
        CheckConstraint(f"status IN ({sql_list(MESSAGE_STATUSES)})", name="status"),
        Index("ix_sent_messages_status_id", "status", "id"),
        Index("ix_sent_messages_merchant_id_id", "merchant_id", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    promoter_id: Mapped[str] = mapped_column(ForeignKey("promoters.id"))
    kind: Mapped[str] = mapped_column(String(20))
    # What it is about: a reward lot, an occasion, a tier reached on a day.
    cause_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10))
    failure_reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MessageTemplate(Model):
    """A merchant's own wording of one kind of message, or that kind switched off."""

    __tablename__ = "message_templates"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_list(MESSAGE_KINDS)})", name="kind"),
    )

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # None: the default wording (templates/emails/<kind>.txt).
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Unsubscribe(Model):
    """A member who asked for no more emails from this merchant's program."""

    __tablename__ = "message_unsubscribes"

    promoter_id: Mapped[str] = mapped_column(ForeignKey("promoters.id"), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    unsubscribed_at: Mapped[datetime] = mapped_column(UTCDateTime)
