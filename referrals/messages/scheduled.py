"""The messages job: emails members for rewards earned, points about to expire, birthdays and
tiers reached; each message once.

Once: a message is a `sent_messages` row, unique per (merchant, member, kind, cause), inserted
ON CONFLICT DO NOTHING when it falls due, so a second run or a second worker finds it there.
Workers take pending rows FOR UPDATE SKIP LOCKED and mark them `sending` in that transaction,
which is committed before the SMTP server is called (no transaction stays open across it);
the answer is recorded in a second one. A worker that dies between the two leaves the row
`sending`: it is never sent again, since the server may have taken it already.

A tier is announced once per member and tier: reaching it again after a demotion sends nothing.
Only recent causes are due (rewards earned, occasions and tiers reached in the last two days),
so turning messages on never mails a member about last year's points.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, exists, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.db import insert_ignoring_twins
from core.errors import InvalidInput
from core.ids import new_id
from core.merchants.models import Merchant
from core.unit_of_work import UnitOfWork
from referrals.members.models import Occasion
from referrals.messages import smtp, unsubscribe_links, wording
from referrals.messages.models import MessageTemplate, SentMessage, Unsubscribe
from referrals.messages.service import template_for
from referrals.messages.smtp import Mailer, Outgoing
from referrals.promoters.models import Promoter
from rewards.ledger.models import Reward
from rewards.program.models import PromoterTier, Tier

RECENT = timedelta(days=2)
# Points expiring within this many days are announced, once per reward lot.
EXPIRY_NOTICE = timedelta(days=7)
_REASONS = {"order": "an order", "referral": "a friend you referred", "member": "joining",
            "occasion": "a celebration", "activity": "something you did", "share": "sharing"}


@dataclass(frozen=True)
class _Due:
    kind: str
    query: Select[str, str, str]


def send_due_messages(unit: UnitOfWork, *, now: datetime, mailer: Mailer | None,
                      limit: int = 50) -> int:
    """Queue the messages that fell due and send up to `limit` of them; how many were sent,
    failed or skipped (0: nothing left to do). Takes the unit of work because it commits the
    claim before calling the SMTP server. Without a mailer (no SMTP_HOST) it does nothing."""
    if mailer is None:
        return 0
    session = unit.session
    queue_due(session, now=now, limit=limit)
    claimed, skipped = _claim(session, now=now, limit=limit, mailer=mailer)
    unit.commit()
    with smtp.Connection(mailer) as connection:
        for message_id, outgoing in claimed:
            try:
                connection.send(outgoing)
            except smtp.SendFailed as exc:
                _record(session, message_id, status="failed", reason=str(exc), now=now)
            else:
                _record(session, message_id, status="sent", reason=None, now=now)
            unit.commit()
    return len(claimed) + skipped


def queue_due(session: Session, *, now: datetime, limit: int) -> int:
    """A pending row for each message that fell due and has none yet; how many were new."""
    queued = 0
    for due in _due_queries(now):
        rows = session.execute(due.query.limit(limit)).all()
        if rows:
            session.execute(insert_ignoring_twins(session, SentMessage).values([
                {"id": new_id("msg"), "merchant_id": merchant_id, "promoter_id": promoter_id,
                 "kind": due.kind, "cause_id": cause_id, "status": "pending", "created_at": now}
                for merchant_id, promoter_id, cause_id in rows]))
            queued += len(rows)
    return queued


def _due_queries(now: datetime) -> list[_Due]:
    return [
        _Due("reward_earned", _reachable(
            "reward_earned", Reward.merchant_id, Reward.promoter_id, Reward.id,
        ).where(Reward.unit == "points", Reward.created_at > now - RECENT,
                Reward.created_at <= now)),
        _Due("points_expiring", _reachable(
            "points_expiring", Reward.merchant_id, Reward.promoter_id, Reward.id,
        ).where(Reward.unit == "points", Reward.available > 0, Reward.expires_at > now,
                Reward.expires_at <= now + EXPIRY_NOTICE)),
        _Due("birthday", _reachable(
            "birthday", Occasion.merchant_id, Occasion.promoter_id, Occasion.id,
        ).where(Occasion.kind == "birthday", Occasion.created_at > now - RECENT,
                Occasion.created_at <= now)),
        _Due("tier_reached", _reachable(
            "tier_reached", PromoterTier.merchant_id, PromoterTier.promoter_id,
            PromoterTier.tier_id,
        ).where(PromoterTier.since > now - RECENT, PromoterTier.since <= now)),
    ]


def _reachable(kind: str, merchant_id: InstrumentedAttribute[str],
               promoter_id: InstrumentedAttribute[str], cause_id: InstrumentedAttribute[str]
               ) -> Select[str, str, str]:
    """(merchant, member, cause) of members with an address, not erased or unsubscribed, of
    merchants with `kind` on, and no message of `kind` for this cause yet."""
    return select(merchant_id, promoter_id, cause_id).join(
        Promoter, Promoter.id == promoter_id).where(
        Promoter.email.is_not(None), Promoter.erased_at.is_(None),
        ~exists().where(Unsubscribe.promoter_id == promoter_id),
        ~exists().where(MessageTemplate.merchant_id == merchant_id,
                        MessageTemplate.kind == kind, MessageTemplate.enabled.is_(False)),
        ~exists().where(SentMessage.merchant_id == merchant_id,
                        SentMessage.promoter_id == promoter_id, SentMessage.kind == kind,
                        SentMessage.cause_id == cause_id),
    )


def _claim(session: Session, *, now: datetime, limit: int, mailer: Mailer
           ) -> tuple[list[tuple[str, Outgoing]], int]:
    """Pending messages taken for sending (rendered, marked `sending`), and how many were
    skipped because their member can no longer be written to."""
    messages = list(session.scalars(
        select(SentMessage).where(SentMessage.status == "pending").order_by(SentMessage.id)
        .limit(limit).with_for_update(skip_locked=True)))
    claimed, skipped = [], 0
    for message in messages:
        promoter = session.get_one(Promoter, message.promoter_id)
        if (promoter.email is None or promoter.erased_at is not None
                or session.get(Unsubscribe, promoter.id) is not None):
            message.status = "skipped"
            skipped += 1
            continue
        merchant = session.get_one(Merchant, message.merchant_id)
        unsubscribe_url = mailer.public_url + "/unsubscribe/" + unsubscribe_links.sign(
            merchant_id=merchant.id, promoter_id=promoter.id, secret_keys=mailer.secret_keys)
        values = {name: None for name in wording.EXAMPLE_VALUES} | {
            "member_name": promoter.name or "there", "merchant_name": merchant.name,
        } | _values(session, message)
        try:
            rendered = wording.render(
                template_for(session, merchant_id=merchant.id, kind=message.kind), values,
                unsubscribe_url=unsubscribe_url)
        except InvalidInput as exc:  # a template the merchant broke: visible, not retried
            message.status, message.failure_reason = "failed", exc.message[:300]
            skipped += 1
            continue
        message.status = "sending"
        claimed.append((message.id, Outgoing(
            message_id=message.id, sender_name=merchant.name, to=promoter.email,
            subject=rendered.subject, body=rendered.body, unsubscribe_url=unsubscribe_url)))
    session.flush()
    return claimed, skipped


def _values(session: Session, message: SentMessage) -> dict[str, Any]:
    """What this kind of message says about its cause."""
    if message.kind in ("reward_earned", "points_expiring"):
        reward = session.get_one(Reward, message.cause_id)
        if message.kind == "points_expiring":
            assert reward.expires_at is not None  # only lots that expire are due
            return {"points": reward.available, "expires_on": reward.expires_at.date()}
        return {"points": reward.amount, "reason": _REASONS.get(reward.cause_type),
                "available_on": reward.matures_at.date() if reward.status == "pending"
                and reward.matures_at > reward.created_at else None}
    if message.kind == "birthday":
        gifts = session.scalars(select(Reward.amount).where(
            Reward.cause_type == "occasion", Reward.cause_id == message.cause_id,
            Reward.promoter_id == message.promoter_id, Reward.unit == "points"))
        return {"points": sum(gifts) or None}
    tier = session.get_one(Tier, message.cause_id)
    return {"tier_name": tier.name, "tier_perks": tier.perks}


def _record(session: Session, message_id: str, *, status: str, reason: str | None,
            now: datetime) -> None:
    session.execute(update(SentMessage).where(SentMessage.id == message_id).values(
        status=status, failure_reason=reason, sent_at=now if status == "sent" else None))
