"""Sending one email over SMTP (smtplib) to the host the operator configured.

Called by the messages job only after the message's row is committed as `sending`: no database
transaction is open while the SMTP server is talked to (DESIGN.md, Architecture).
"""

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr


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


@dataclass(frozen=True)
class Outgoing:
    message_id: str
    sender_name: str
    to: str
    subject: str
    body: str
    unsubscribe_url: str


class SendFailed(Exception):
    """The SMTP server refused the message or could not be reached."""


def send(mailer: Mailer, outgoing: Outgoing) -> None:
    email = EmailMessage()
    email["From"] = formataddr((outgoing.sender_name, mailer.sender))
    email["To"] = outgoing.to
    email["Subject"] = outgoing.subject
    domain = mailer.sender.rpartition("@")[2] or "goodword.invalid"
    # The same id on a retry by hand, so a receiving system can tell it saw it before.
    email["Message-ID"] = f"<{outgoing.message_id}@{domain}>"
    # RFC 8058: mail clients offer "Unsubscribe", and POST to the link without a page.
    email["List-Unsubscribe"] = f"<{outgoing.unsubscribe_url}>"
    email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(outgoing.body)
    try:
        with smtplib.SMTP(mailer.host, mailer.port, timeout=mailer.timeout_seconds) as server:
            if mailer.starttls:
                server.starttls()
            if mailer.username:
                server.login(mailer.username, mailer.password or "")
            server.send_message(email)
    except (smtplib.SMTPException, OSError) as exc:
        raise SendFailed(f"{type(exc).__name__}: {exc}"[:300]) from exc
