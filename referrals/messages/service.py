"""The merchant's message settings (each kind on or off, their own wording), the members who
unsubscribed, and the messages sent, for the dashboard."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import insert_unless_exists
from core.errors import InvalidInput
from referrals.messages import wording
from referrals.messages.models import MESSAGE_KINDS, MessageTemplate, SentMessage, Unsubscribe
from referrals.messages.wording import Rendered


@dataclass(frozen=True)
class MessageSetting:
    kind: str
    enabled: bool
    template: str
    customised: bool


def settings(session: Session, *, merchant_id: str) -> list[MessageSetting]:
    """Every kind of message: on or off, and the wording it is sent with."""
    saved = {row.kind: row for row in session.scalars(
        select(MessageTemplate).where(MessageTemplate.merchant_id == merchant_id))}
    found = []
    for kind in MESSAGE_KINDS:
        row = saved.get(kind)
        custom = row is not None and row.body is not None and row.subject is not None
        template = (f"Subject: {row.subject}\n\n{row.body}" if custom and row is not None
                    else wording.default_template(kind))
        found.append(MessageSetting(kind=kind, enabled=row is None or row.enabled,
                                    template=template, customised=custom))
    return found


def template_for(session: Session, *, merchant_id: str, kind: str) -> str:
    return next(setting.template for setting in settings(session, merchant_id=merchant_id)
                if setting.kind == kind)


def save_setting(session: Session, *, merchant_id: str, kind: str, enabled: bool,
                 template: str | None, now: datetime) -> MessageSetting:
    """Switch a kind on or off and set its wording (None or blank: the default's)."""
    if kind not in MESSAGE_KINDS:
        raise InvalidInput(f"kind is one of {', '.join(MESSAGE_KINDS)}.", param="kind")
    subject = body = None
    if template and template.strip():
        template = template.replace("\r\n", "\n")
        if len(template) > 20_000:
            raise InvalidInput("A template has at most 20,000 characters.", param="template")
        wording.check(template)
        subject, body = wording.split(template)
    row = session.get(MessageTemplate, (merchant_id, kind))
    if row is None:
        row = MessageTemplate(merchant_id=merchant_id, kind=kind)
        session.add(row)
    row.enabled, row.subject, row.body, row.updated_at = enabled, subject, body, now
    session.flush()
    return next(s for s in settings(session, merchant_id=merchant_id) if s.kind == kind)


def preview(template: str, *, merchant_name: str) -> Rendered:
    """The message as a member would read it, with example values."""
    return wording.render(template, {**wording.EXAMPLE_VALUES, "merchant_name": merchant_name},
                          unsubscribe_url="(the member's own unsubscribe link)")


def unsubscribe(session: Session, *, merchant_id: str, promoter_id: str, now: datetime) -> None:
    """No more emails to this member; asking again changes nothing."""
    insert_unless_exists(session, Unsubscribe(promoter_id=promoter_id, merchant_id=merchant_id,
                                              unsubscribed_at=now))


def is_unsubscribed(session: Session, *, promoter_id: str) -> bool:
    return session.get(Unsubscribe, promoter_id) is not None


def recent_messages(session: Session, *, merchant_id: str, limit: int = 50
                    ) -> list[SentMessage]:
    """The latest messages, newest first, failures and skips included."""
    return list(session.scalars(select(SentMessage).where(SentMessage.merchant_id == merchant_id)
                                .order_by(SentMessage.id.desc()).limit(limit)))
