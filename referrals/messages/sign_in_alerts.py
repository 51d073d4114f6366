"""The email that tells a dashboard user someone keeps failing to sign in as them
(core/users/sign_in_alerts.py calls the hook; api/guards/sign_in_alert_emails.py registers it).

Sent after the transaction that recorded the alert commits, never inside it (DESIGN.md,
Architecture): the hook keeps the message on the session, and the commit's listener sends it
with a short timeout. The alert comes at most once per delay (the sign-in count is atomic), so
the email does too. A message that fails is logged, not retried: the `user.sign_in_limited`
event stays the record, and the next alert comes with the next delay.
"""

import hashlib
import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from jinja2 import Environment, StrictUndefined
from sqlalchemy import event
from sqlalchemy.orm import Session

from core.merchants.models import Merchant
from core.users.models import MerchantUser
from referrals.messages import smtp, wording
from referrals.messages.smtp import Mailer, Outgoing

log = logging.getLogger(__name__)

KIND = "sign_in_alert"
# The sign-in request waits for the SMTP server: not longer than this.
TIMEOUT_SECONDS = 5.0
_PENDING = "goodword_sign_in_alert_emails"
_environment = Environment(autoescape=False, undefined=StrictUndefined)


def alert_email(session: Session, *, user: MerchantUser, failed_attempts: int,
                next_attempt_at: datetime, network: str, mailer: Mailer) -> Outgoing:
    """The alert to `user`'s address, in templates/emails/sign_in_alert.txt's words: how many
    wrong passwords, from which network (never the address), and when the next may come."""
    merchant = session.get_one(Merchant, user.merchant_id)
    values: dict[str, Any] = {
        "merchant_name": merchant.name, "email": user.email,
        "failed_attempts": failed_attempts, "network": network or "unknown",
        "next_attempt_at": next_attempt_at.strftime("%Y-%m-%d %H:%M"),
        "account_url": mailer.public_url + "/dashboard/account",
    }
    subject, body = wording.split(wording.default_template(KIND))
    # The same id for the same alert, so a receiving system can tell a repeat.
    key = f"{user.email}|{next_attempt_at.isoformat()}".encode()
    return Outgoing(message_id="signin_" + hashlib.sha256(key).hexdigest()[:32],
                    sender_name="Goodword", to=user.email,
                    subject=_environment.from_string(subject).render(values),
                    body=_environment.from_string(body).render(values), unsubscribe_url=None)


def send_after_commit(session: Session, *, outgoing: Outgoing, mailer: Mailer) -> None:
    """Send `outgoing` once `session`'s transaction commits (nothing if it rolls back); one
    email per address however many merchants it has an account with."""
    pending: dict[str, tuple[Outgoing, Mailer]] = session.info.setdefault(_PENDING, {})
    pending.setdefault(outgoing.to, (outgoing, replace(mailer, timeout_seconds=TIMEOUT_SECONDS)))


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    pending: dict[str, tuple[Outgoing, Mailer]] = session.info.pop(_PENDING, {})
    for outgoing, mailer in pending.values():
        with smtp.Connection(mailer) as connection:
            try:
                connection.send(outgoing)
            except smtp.SendFailed as exc:
                log.warning("The sign-in alert %s was not sent: %s", outgoing.message_id, exc)


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
