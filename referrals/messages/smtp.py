"""Sending one email over SMTP (smtplib) to the host the operator configured.

Called by the messages job only after the message's row is committed as `sending`: no database
transaction is open while the SMTP server is talked to (DESIGN.md, Architecture).
"""

import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any


@dataclass(frozen=True)
class Mailer:
    """Where mail goes: SMTP_HOST and friends (docs/operations/email.md). `public_url` builds
    the unsubscribe links; `secret_keys` sign them."""

    host: str
    port: int
    sender: str
    public_url: str
    secret_keys: list[str]
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout_seconds: float = 20.0


def mailer_from_settings(settings: Mapping[str, Any]) -> Mailer | None:
    """Where members' emails go, from SMTP_HOST and friends; None: no emails are sent."""
    if not settings.get("SMTP_HOST"):
        return None
    return Mailer(host=settings["SMTP_HOST"], port=settings["SMTP_PORT"],
                  sender=settings["SMTP_SENDER"], public_url=settings["PUBLIC_URL"],
                  secret_keys=list(settings["GOODWORD_SECRET_KEYS"]),
                  username=settings["SMTP_USERNAME"], password=settings["SMTP_PASSWORD"],
                  starttls=settings["SMTP_STARTTLS"])


@dataclass(frozen=True)
class Outgoing:
    message_id: str
    sender_name: str
    to: str
    subject: str
    body: str
    # None: a message no one unsubscribes from (a sign-in alert to a dashboard user).
    unsubscribe_url: str | None


class SendFailed(Exception):
    """The SMTP server refused the message or could not be reached."""


class Connection:
    """One SMTP session for a batch of messages: connecting and signing in once per batch, not
    once per message. Opened lazily; a message that fails closes it, so the next reconnects."""

    def __init__(self, mailer: Mailer) -> None:
        self.mailer = mailer
        self._server: smtplib.SMTP | None = None

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._close()

    def send(self, outgoing: Outgoing) -> None:
        try:
            if self._server is None:
                self._server = _connect(self.mailer)
            self._server.send_message(_email(self.mailer, outgoing))
        except (smtplib.SMTPException, OSError) as exc:
            self._close()
            raise SendFailed(f"{type(exc).__name__}: {exc}"[:300]) from exc

    def _close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            try:
                server.quit()
            except (smtplib.SMTPException, OSError):
                server.close()


def _connect(mailer: Mailer) -> smtplib.SMTP:
    server = smtplib.SMTP(mailer.host, mailer.port, timeout=mailer.timeout_seconds)
    try:
        if mailer.starttls:
            server.starttls()
        if mailer.username:
            server.login(mailer.username, mailer.password or "")
    except BaseException:
        server.close()
        raise
    return server


def _email(mailer: Mailer, outgoing: Outgoing) -> EmailMessage:
    email = EmailMessage()
    email["From"] = formataddr((outgoing.sender_name, mailer.sender))
    email["To"] = outgoing.to
    email["Subject"] = outgoing.subject
    domain = mailer.sender.rpartition("@")[2] or "goodword.invalid"
    # The same id on a retry by hand, so a receiving system can tell it saw it before.
    email["Message-ID"] = f"<{outgoing.message_id}@{domain}>"
    if outgoing.unsubscribe_url is not None:
        # RFC 8058: mail clients offer "Unsubscribe", and POST to the link without a page.
        email["List-Unsubscribe"] = f"<{outgoing.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(outgoing.body)
    return email
