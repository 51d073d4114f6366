"""The owner of an account someone keeps failing to sign in to is emailed, when SMTP_HOST is
set: the alert hook core/users/sign_in_alerts.py calls, registered at app start, with the mail
settings of the app serving the request (referrals/messages/sign_in_alerts.py sends it)."""

from flask import Flask, current_app
from sqlalchemy.orm import Session

from core.users import sign_in_alerts
from core.users.models import MerchantUser
from referrals.messages import sign_in_alerts as alert_emails
from referrals.messages.smtp import mailer_from_settings


def init_app(app: Flask) -> None:
    sign_in_alerts.add_hook(email_the_owner)


def email_the_owner(session: Session, user: MerchantUser,
                    failed: sign_in_alerts.FailedSignIns) -> None:
    mailer = mailer_from_settings(current_app.config)
    if mailer is None:
        return
    outgoing = alert_emails.alert_email(
        session, user=user, failed_attempts=failed.failed_attempts,
        next_attempt_at=failed.next_attempt_at, network=failed.network, mailer=mailer)
    alert_emails.send_after_commit(session, outgoing=outgoing, mailer=mailer)
