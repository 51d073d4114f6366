"""The owner is emailed when someone keeps failing to sign in as them: once per delay, over a
real SMTP server on loopback, and a mail server that is down never breaks sign-in."""

import pytest

from tests.support.dashboard import make_user
from tests.support.sign_in import attempt
from tests.support.smtp import body_of, free_port

OWNER = "owner@acme.example"


@pytest.fixture
def default_limits(app, monkeypatch):
    for name, value in {"SIGN_IN_LIMIT_PER_ACCOUNT": 10, "SIGN_IN_LIMIT_PER_ADDRESS": 20,
                        "SIGN_IN_FIRST_DELAY_SECONDS": 60, "SIGN_IN_MAX_DELAY_SECONDS": 3600,
                        "SIGN_IN_QUIET_SECONDS": 900, "SIGN_IN_REDIS_URL": None}.items():
        monkeypatch.setitem(app.config, name, value)


def burst(app, email: str, count: int) -> list[int]:
    return [attempt(app.test_client(), email, "wrong guess", f"198.51.100.{n}").status_code
            for n in range(1, count + 1)]


def test_eleven_wrong_passwords_email_the_owner_once_per_delay(
        app, merchant, clock, default_limits, smtp_inbox):
    make_user(app, merchant.id, OWNER)
    assert burst(app, OWNER, 11) == [401] * 10 + [429]
    assert burst(app, "nobody@acme.example", 11)[-1] == 429  # no account: nobody to tell

    assert smtp_inbox.subjects(OWNER) == [
        "Someone tried to sign in to your Goodword dashboard"]
    assert len(smtp_inbox.messages) == 1
    alert = smtp_inbox.to(OWNER)[0]
    body = body_of(alert)
    assert f"as {OWNER} 10 times" in body and "from the network 198.51.x.x" in body
    assert "198.51.100" not in body  # the network, never the address
    assert "change your password" in body and "two-factor sign-in" in body
    assert "http://goodword.test/dashboard/account" in body
    assert alert["List-Unsubscribe"] is None  # a security alert is not a newsletter

    # A second burst within the delay is refused unchecked: no second email.
    clock.advance(seconds=30)
    assert burst(app, OWNER, 11) == [429] * 11
    assert len(smtp_inbox.to(OWNER)) == 1

    # The next delay's guess is checked, and told again.
    clock.advance(seconds=31)
    assert burst(app, OWNER, 1) == [401]
    assert len(smtp_inbox.to(OWNER)) == 2
    assert f"as {OWNER} 11 times" in body_of(smtp_inbox.to(OWNER)[1])


def test_a_mail_server_that_is_down_does_not_break_sign_in(
        app, merchant, default_limits, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", free_port())  # nothing listens there
    monkeypatch.setitem(app.config, "SMTP_SENDER", "alerts@goodword.example")
    make_user(app, merchant.id, OWNER)
    assert burst(app, OWNER, 11) == [401] * 10 + [429]
    assert "sign-in alert" in caplog.text
