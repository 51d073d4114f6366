"""The widget records shares with a publishable key and a widget session, from any shop's page
(CORS): the promoter is always the session's buyer, never one the page names."""

import pytest
import redis

from api import create_app
from core.db import db
from referrals.clicks import service as clicks_service
from referrals.promoters.models import Promoter
from tests.support.errors import error_of
from tests.support.links import PUBLIC, all_clicks, follow
from tests.support.referrals import enroll
from tests.support.widget import (
    SHARES,
    SHOP_ORIGIN,
    mint_session,
    share_as,
    shares_of,
    widget_headers,
)


def share(client, key: str, session: str | None = None, **body):
    return client.post(SHARES, json=body, headers=widget_headers(key, session))


def test_a_share_is_recorded_and_returns_a_link_tagged_with_its_channel(app, client, merchant):
    promoter = enroll(client, merchant, external_id="cus_ana")
    token = mint_session(client, merchant, external_id="cus_ana")
    response = share(client, merchant.publishable, token, channel="whatsapp")

    assert response.status_code == 201
    body = response.get_json()
    assert body["id"].startswith("shr_")
    assert (body["object"], body["promoter"], body["channel"]) == (
        "share", promoter["id"], "whatsapp"
    )
    assert body["created_at"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert shares_of(app, merchant.id, promoter_id=promoter["id"], channel="whatsapp") == 1

    # A friend following the shared link is a click counted for that channel.
    assert body["url"].startswith(PUBLIC + "/r/")
    follow(client, body["url"][len(PUBLIC):])
    (click,) = all_clicks(app)
    assert (click.valid, click.channel, click.promoter_id) == (True, "whatsapp", promoter["id"])
    with app.app_context():
        assert clicks_service.count_clicks(db.session, merchant_id=merchant.id) == 1


def test_a_secret_key_is_refused_on_the_widget_api(app, client, merchant):
    token = mint_session(client, merchant)
    response = share(client, merchant.secret, token, channel="copy")
    assert response.status_code == 403
    error = error_of(response)
    assert (error["type"], error["code"]) == ("permission_error", "publishable_key_required")
    assert "publishable" in error["message"]
    assert shares_of(app, merchant.id) == 0


def test_no_key_is_a_401_the_widget_can_read(client):
    response = client.post(SHARES, json={"channel": "copy"}, headers={"Origin": SHOP_ORIGIN})
    assert response.status_code == 401
    assert error_of(response)["code"] == "missing_api_key"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_another_merchants_session_or_none_shares_as_nobody(app, client, make_merchant):
    acme = make_merchant()
    other = make_merchant("Other", shop_url="https://other.example/",
                          allowed_domains=["other.example"])
    others_token = mint_session(client, other)
    for token, code in ((others_token, "widget_session_invalid"),
                        (None, "widget_session_missing")):
        response = share(client, acme.publishable, token, channel="email")
        assert response.status_code == 401
        assert error_of(response)["code"] == code
    # The page cannot name a promoter of its choosing any more.
    response = share(client, acme.publishable, others_token, channel="email", promoter="pro_x")
    assert error_of(response)["code"] == "parameter_unknown"
    assert shares_of(app, acme.id) == shares_of(app, other.id) == 0


@pytest.mark.parametrize(
    ("body", "code", "param"),
    [
        ({}, "parameter_missing", "channel"),
        ({"channel": "fax"}, "parameter_invalid", "channel"),
        ({"channel": "copy", "email": "a@b.c"}, "parameter_unknown", "email"),
    ],
)
def test_a_malformed_share_is_a_400(client, merchant, body, code, param):
    token = mint_session(client, merchant)
    response = client.post(SHARES, json=body, headers=widget_headers(merchant.publishable, token))
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == (code, param)


def test_a_blocked_promoter_cannot_share(app, client, merchant):
    promoter = enroll(client, merchant, external_id="cus_ana")
    token = mint_session(client, merchant, external_id="cus_ana")
    with app.app_context():
        db.session.get(Promoter, promoter["id"]).status = "blocked"
        db.session.commit()
    response = share(client, merchant.publishable, token, channel="sms")
    assert response.status_code == 409
    assert error_of(response)["code"] == "promoter_blocked"
    assert shares_of(app, merchant.id) == 0


def test_the_cors_preflight_needs_no_key_and_allows_no_credentials(client):
    response = client.options(
        SHARES,
        headers={
            "Origin": SHOP_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers":
                "Authorization, Content-Type, Idempotency-Key, Goodword-Session",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    allowed_headers = response.headers["Access-Control-Allow-Headers"].split(",")
    allowed = {header.strip().lower() for header in allowed_headers}
    assert {"authorization", "content-type", "idempotency-key", "goodword-session"} <= allowed
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_the_secret_api_sends_no_cors_headers(client, merchant):
    response = client.get("/v1/merchant", headers=merchant.headers(Origin=SHOP_ORIGIN))
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(
    ("origin", "status"),
    [("https://evil.example", 403), ("https://shop.acme.example.evil.example", 403),
     ("null", 403), ("https://shop.acme.example", 201), ("http://goodword.test", 201)],
)
def test_only_the_merchants_shop_pages_may_call_the_widget(app, client, merchant, origin, status):
    """A publishable key copied onto another site is refused there, and nothing is written."""
    promoter = enroll(client, merchant, external_id="cus_ana")
    response = share_as(client, merchant, promoter, "copy", Origin=origin)
    assert response.status_code == status
    if status == 403:
        assert error_of(response)["code"] == "origin_not_allowed"
    assert shares_of(app, merchant.id) == (1 if status == 201 else 0)


def test_a_server_without_an_origin_is_judged_by_key_and_token(app, client, merchant):
    promoter = enroll(client, merchant, external_id="cus_ana")
    token = mint_session(client, merchant, external_id="cus_ana")
    response = client.post(SHARES, json={"channel": "copy"}, headers={
        "Authorization": f"Bearer {merchant.publishable}", "Goodword-Session": token})
    assert response.status_code == 201
    assert response.get_json()["promoter"] == promoter["id"]


def test_the_widget_api_is_rate_limited_per_key_and_address(app, client, make_merchant,
                                                           monkeypatch):
    """Past the limit the widget gets 429 with Retry-After; another shop's key, or another
    address, is unaffected."""
    monkeypatch.setitem(app.config, "WIDGET_RATE_LIMIT", "3 per minute")
    acme, globex = make_merchant("Acme"), make_merchant("Globex")
    acme_token = mint_session(client, acme)
    statuses = [share(client, acme.publishable, acme_token, channel="copy").status_code
                for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    limited = share(client, acme.publishable, acme_token, channel="copy")
    assert error_of(limited)["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) > 0
    assert shares_of(app, acme.id) == 3
    elsewhere = client.post(SHARES, json={"channel": "copy"},
                            headers=widget_headers(acme.publishable, acme_token),
                            environ_base={"REMOTE_ADDR": "198.51.100.4"})
    assert elsewhere.status_code == 201
    globex_token = mint_session(client, globex)
    assert share(client, globex.publishable, globex_token, channel="copy").status_code == 201


# What str.strip() drops and a copy-paste brings: NEL, no-break space, vertical tab, and the
# information separators; each spelt a new rate-limit bucket for one key.
INVISIBLE = ["\x85", "\xa0", "\x0b", "\x1c", "\x85\xa0", "\xa0" * 3]


def test_a_key_with_invisible_characters_is_refused_before_it_is_counted(
        app, client, merchant, monkeypatch):
    """Past the limit, the same key spelt with invisible characters gets no fresh allowance:
    it is refused as a malformed key (401) and records nothing."""
    monkeypatch.setitem(app.config, "WIDGET_RATE_LIMIT", "3 per minute")
    token = mint_session(client, merchant)
    statuses = [share(client, merchant.publishable, token, channel="copy").status_code
                for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    for suffix in INVISIBLE:
        for key in (merchant.publishable + suffix, suffix + merchant.publishable):
            refused = share(client, key, token, channel="copy")
            assert refused.status_code == 401, repr(key)
            assert error_of(refused)["code"] == "invalid_api_key"
    assert shares_of(app, merchant.id) == 3
    # Plain spaces around the key are how some clients write the header: still the same key.
    assert share(client, f" {merchant.publishable} ", token, channel="copy").status_code == 429


def test_a_secret_key_with_invisible_characters_is_refused(client, merchant):
    assert client.get("/v1/merchant", headers=merchant.headers()).status_code == 200
    for suffix in INVISIBLE:
        refused = client.get("/v1/merchant",
                             headers={"Authorization": f"Bearer {merchant.secret}{suffix}"})
        assert refused.status_code == 401, repr(suffix)
        assert error_of(refused)["code"] == "invalid_api_key"


def test_two_app_processes_share_the_count_through_redis(test_database_url, make_merchant):
    """With REDIS_URL every process counts against one limit, as behind a load balancer."""
    server = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    try:
        server.flushdb()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": test_database_url,
              "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
              "WIDGET_RATE_LIMIT": "2 per minute", "PUBLIC_URL": PUBLIC}
    first, second = create_app(config), create_app(config)
    acme = make_merchant("Acme")
    token = mint_session(first.test_client(), acme)
    statuses = [share(app.test_client(), acme.publishable, token, channel="copy").status_code
                for app in (first, second, first, second)]
    assert statuses == [201, 201, 429, 429]
    server.flushdb()
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()
