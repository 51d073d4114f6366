"""Input no database can store or no parser should try: always the error object, never a 500,
and the shopper's click still reaches the shop. NULs matter most on PostgreSQL, which refuses
them in text; run on both databases."""

import pytest

from core.db import db
from referrals.clicks.models import Click

from .test_errors import error_of


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "code", "param"),
    [
        ("GET", "/v1/promoters/pro_%00", None, {}, "invalid_characters", None),
        ("GET", "/v1/promoters?email=%00", None, {}, "invalid_characters", None),
        ("POST", "/v1/referrals/%00/approve", "{}", {}, "invalid_characters", None),
        ("POST", "/v1/promoters", '{"name": "ok"}', {"Idempotency-Key": "a\x00"},
         "invalid_characters", None),
        ("POST", "/v1/promoters", '{"external_id": "a\\u0000b"}', {}, "parameter_invalid",
         "external_id"),
        ("POST", "/v1/promoters", '{"name": "\\ud800"}', {}, "parameter_invalid", "name"),
        ("PATCH", "/v1/merchant", '{"allowed_domains": ["ok.example", "\\u0000"]}', {},
         "parameter_invalid", "allowed_domains[1]"),
        ("POST", "/v1/promoters", "[" * 50_000 + "]" * 50_000, {}, "invalid_json", None),
        ("POST", "/v1/promoters", "[" * 50_000 + "]" * 50_000, {"Idempotency-Key": "deep"},
         "invalid_json", None),
        ("PATCH", "/v1/fraud_settings", '{"velocity": "off", "max_signups_per_ip_per_day": '
         + "9" * 5000 + "}", {}, "invalid_json", None),
        ("POST", "/v1/promoters", '{"name": "   "}', {}, "parameter_invalid", "name"),
        ("POST", "/v1/referrals", '{"referee_external_id": " ", "code": "X"}', {},
         "parameter_invalid", "referee_external_id"),
    ],
)
def test_unstorable_or_absurd_input_is_a_400(client, merchant, method, path, body, headers,
                                               code, param):
    response = client.open(
        path, method=method, data=body,
        headers=merchant.headers(**{"Content-Type": "application/json", **headers}),
    )
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == (code, param)
    assert client.get("/v1/promoters", headers=merchant.headers()).get_json()["data"] == []
    settings = client.get("/v1/fraud_settings", headers=merchant.headers()).get_json()
    assert settings["velocity"] == "review"


@pytest.mark.parametrize(
    ("path", "headers"),
    [("/r/AB%00C", {}), ("/r/{code}?to=%00", {}), ("/r/{code}", {"User-Agent": "bot\x00"}),
     ("/r/{code}", {"Referer": "https://x.example/\x00"})],
)
def test_a_nul_in_a_click_still_reaches_the_shop(app, client, merchant, path, headers):
    code = client.post("/v1/promoters", json={"name": "Ana"},
                       headers=merchant.headers()).get_json()["code"]
    response = client.get(path.format(code=code), headers=headers)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.query(Click).count() == 1


@pytest.mark.parametrize("query", ["version=2147483648", "version=99999999999999999999"])
def test_a_number_no_integer_column_can_hold_is_a_400(client, merchant, query):
    rule = client.post("/v1/rules", headers=merchant.headers(), json={
        "name": "Signup bonus", "trigger": "referral.approved", "beneficiary": "referrer",
        "reward": {"type": "fixed_points", "value": 500}}).get_json()
    response = client.get(f"/v1/rules/{rule['id']}?{query}", headers=merchant.headers())
    assert response.status_code == 400
    assert (error_of(response)["code"], error_of(response)["param"]) == (
        "parameter_invalid", "version")


def test_a_landing_page_no_parser_can_read_is_a_400_and_records_no_click(app, client, merchant):
    """On PostgreSQL the click goes through the group-commit writer, on SQLite the request."""
    code = client.post("/v1/promoters", json={"name": "Ana"},
                       headers=merchant.headers()).get_json()["code"]
    response = client.get(f"/r/{code}?to=http://[x]/")
    assert response.status_code == 400
    assert (error_of(response)["code"], error_of(response)["param"]) == ("landing_invalid", "to")
    with app.app_context():
        assert db.session.query(Click).count() == 0


@pytest.mark.parametrize("path", ["/stripe/webhooks/mer_%00", "/stripe/webhooks/mer_1?x=%00"])
def test_a_nul_outside_the_api_is_a_400(client, path):
    response = client.post(path, data=b"{}", headers={"Content-Type": "application/json",
                                                       "Stripe-Signature": "t=1,v1=00"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_characters"
