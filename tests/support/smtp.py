"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and the settings that
point Goodword's members' emails at it."""

import email
import email.policy
import socket
import threading
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """aiosmtpd's handler: every message received, parsed, in order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._lock:
            self.messages.append(parsed)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]

    def subjects(self, address: str) -> list[str]:
        return [str(message["Subject"]) for message in self.to(address)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(app, monkeypatch):
    """A loopback SMTP server, and the app's SMTP settings pointing at it for this test."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    monkeypatch.setitem(app.config, "SMTP_SENDER", "rewards@acme.example")
    try:
        yield inbox
    finally:
        controller.stop()


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def unsubscribe_path(message: EmailMessage) -> str:
    """The path of the link in the List-Unsubscribe header (the body's footer has the same)."""
    url = str(message["List-Unsubscribe"]).strip("<>")
    assert url in body_of(message)
    return url[url.index("/unsubscribe/"):]
