"""Dashboard fixtures: merchant users and a signed-in browser session on the test client."""

import re

import pytest

from core.db import db
from core.users import service as users_service
from tests.api.stripe_support import _fake_stripe, fake_stripe, localstripe_url  # noqa: F401

PASSWORD = "correct horse battery"


def make_user(app, merchant_id: str, email: str, role: str = "owner") -> str:
    with app.app_context():
        user = users_service.create_user(
            db.session, merchant_id=merchant_id, email=email, password=PASSWORD, role=role,
            now=app.extensions["goodword_clock"].now(),
        )
        db.session.commit()
        return user.id


def csrf_of(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def log_in(client, email: str, password: str = PASSWORD):
    token = csrf_of(client.get("/dashboard/login"))
    return client.post("/dashboard/login", data={
        "email": email, "password": password, "csrf_token": token,
    })


@pytest.fixture
def owner(app, merchant):
    make_user(app, merchant.id, "owner@acme.example", "owner")
    return "owner@acme.example"


@pytest.fixture
def owner_client(app, owner):
    client = app.test_client()
    assert log_in(client, owner).status_code == 302
    return client
