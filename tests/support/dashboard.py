"""The dashboard on the test client: merchant users, signing in with the form's CSRF token,
the owner's session as a fixture, and form bodies the dashboard tests share."""

import re

import pytest

from core.db import db
from core.users import service as users_service
from tests.support.referrals import sign_up

PASSWORD = "correct horse battery"
# The settings form filled in full, and a rule worth more than any guardrail allows.
PROGRAM = {"attribution_window_days": "45", "hold_days": "7", "points_expiry_days": "",
           "point_value": "2", "shop_url": "https://shop.example.com/",
           "allowed_domains": "shop.example.com\n*.example.org"}
JACKPOT = {"trigger": "order.paid", "name": "Jackpot", "beneficiary": "customer",
           "active": "true", "reward[type]": "fixed_points", "reward[value]": "1000000000",
           "hold_days": "0", "sample[order_amount]": "50.00"}


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


def staff_client(app, merchant):
    make_user(app, merchant.id, "staff@acme.example", "staff")
    client = app.test_client()
    log_in(client, "staff@acme.example")
    return client


def held_referral(client, merchant, promoter, friend="x@sub.mailinator.com", external="cus_9"):
    """A signup from a throwaway address: the fraud checks hold it for review."""
    referral = sign_up(client, merchant, code=promoter["code"], referee_email=friend,
                       referee_external_id=external).get_json()
    assert referral["status"] == "pending_review"
    return referral
