"""Sign-in attempts from chosen addresses on the test client, and the limits tests set small."""

import pytest

from tests.support.dashboard import PASSWORD, csrf_of

# Small numbers, so a test reaches every state in a few requests.
SMALL_LIMITS = {"SIGN_IN_LIMIT_PER_ACCOUNT": 3, "SIGN_IN_LIMIT_PER_ADDRESS": 5,
                "SIGN_IN_FIRST_DELAY_SECONDS": 60, "SIGN_IN_MAX_DELAY_SECONDS": 240,
                "SIGN_IN_QUIET_SECONDS": 900, "SIGN_IN_REDIS_URL": None}


@pytest.fixture
def small_limits(app, monkeypatch):
    for name, value in SMALL_LIMITS.items():
        monkeypatch.setitem(app.config, name, value)
    return SMALL_LIMITS


def attempt(client, email: str, password: str = PASSWORD, address: str = "203.0.113.1"):
    """POST the sign-in form as a browser at `address` would."""
    token = csrf_of(client.get("/dashboard/login"))
    return client.post("/dashboard/login", data={
        "email": email, "password": password, "csrf_token": token,
    }, environ_base={"REMOTE_ADDR": address})
