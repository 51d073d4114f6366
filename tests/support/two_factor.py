"""Two-factor sign-in for the tests: the codes an authenticator app would show, read from the
secret the setup page prints, at the app's (settable) clock."""

import re

import pyotp

from tests.support.dashboard import csrf_of

SECRET = re.compile(r'id="two-factor-secret">([A-Z2-7]+)<')
RECOVERY_CODE = re.compile(r"<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>")


def app_code(secret: str, clock, steps_later: int = 0) -> str:
    """The 6 digits an authenticator app holding `secret` shows now (or `steps_later` 30 s
    steps later)."""
    return pyotp.TOTP(secret).at(clock.now(), counter_offset=steps_later)


def enrol(client, clock) -> tuple[str, list[str]]:
    """Set up two-factor sign-in from the account page of a signed-in test client; returns the
    secret and the ten recovery codes."""
    token = csrf_of(client.get("/dashboard/account"))
    assert client.post("/dashboard/account/two-factor/start",
                       data={"csrf_token": token}).status_code == 302
    page = client.get("/dashboard/account/two-factor")
    secret = SECRET.search(page.get_data(as_text=True)).group(1)
    shown = client.post("/dashboard/account/two-factor", data={
        "csrf_token": token, "code": app_code(secret, clock)})
    assert shown.status_code == 200, shown.get_data(as_text=True)
    return secret, RECOVERY_CODE.findall(shown.get_data(as_text=True))


def second_step(client, code: str):
    token = csrf_of(client.get("/dashboard/login/code"))
    return client.post("/dashboard/login/code", data={"csrf_token": token, "code": code})
