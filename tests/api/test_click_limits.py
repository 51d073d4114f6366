"""The click path is rate limited per shopper address: past CLICK_RATE_LIMIT a link answers 429
in the error object with Retry-After, other addresses keep clicking, and X-Forwarded-For picks
the address only as deep as TRUSTED_PROXIES trusts it."""

import pytest

from api import create_app
from core.db import db
from tests.support.errors import error_of
from tests.support.referrals import enroll


def clicks(client, code: str, count: int, **environ) -> list[int]:
    return [client.get(f"/r/{code}", environ_base=environ).status_code for _ in range(count)]


def test_one_address_is_limited_and_others_are_not(app, client, merchant, monkeypatch):
    monkeypatch.setitem(app.config, "CLICK_RATE_LIMIT", "3 per minute")
    code = enroll(client, merchant)["code"]
    assert clicks(client, code, 4, REMOTE_ADDR="198.51.100.20") == [302, 302, 302, 429]
    limited = client.get(f"/r/{code}", environ_base={"REMOTE_ADDR": "198.51.100.20"})
    assert error_of(limited)["code"] == "rate_limited"
    assert error_of(limited)["type"] == "rate_limit_error"
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert clicks(client, code, 3, REMOTE_ADDR="198.51.100.21") == [302, 302, 302]


@pytest.fixture
def proxied_app(test_database_url):
    """The app as deployed behind one load balancer."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": test_database_url,
                      "TRUSTED_PROXIES": 1, "CLICK_RATE_LIMIT": "2 per minute",
                      "PUBLIC_URL": "http://goodword.test"})
    yield app
    with app.app_context():
        db.engine.dispose()


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(app, client, merchant,
                                                                  proxied_app, monkeypatch):
    code = enroll(client, merchant)["code"]
    behind = proxied_app.test_client()
    for address in ("203.0.113.50", "203.0.113.51"):
        assert clicks(behind, code, 3, REMOTE_ADDR="10.0.0.2",
                      HTTP_X_FORWARDED_FOR=address) == [302, 302, 429]
    # Without a trusted proxy, a forged X-Forwarded-For does not buy a fresh allowance.
    monkeypatch.setitem(app.config, "CLICK_RATE_LIMIT", "2 per minute")
    statuses = [client.get(f"/r/{code}", environ_base={
        "REMOTE_ADDR": "198.51.100.30", "HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"}).status_code
        for n in range(3)]
    assert statuses == [302, 302, 429]


def test_clicks_go_through_when_redis_is_down(test_database_url, app, client, merchant):
    """A rate limiter outage never takes referral links down: each process counts alone."""
    code = enroll(client, merchant)["code"]
    broken = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": test_database_url,
                         "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",
                         "CLICK_RATE_LIMIT": "2 per minute", "PUBLIC_URL": "http://goodword.test"})
    try:
        assert clicks(broken.test_client(), code, 3, REMOTE_ADDR="198.51.100.40") == [
            302, 302, 429]
    finally:
        with broken.app_context():
            db.engine.dispose()
