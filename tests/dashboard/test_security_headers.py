"""Security headers on every page the app serves, found from the route table: the dashboard
(signed in and out), the portal, the demo shop, the API docs, the landing page and error pages.
Each HTML answer has a Content-Security-Policy with a fresh nonce that every inline script and
style carries, refuses framing and sniffing, and keeps the referrer on our own origin; over
https, HSTS and Secure cookies. A page added later is fetched here without being listed."""

import re

import pytest

from api import create_app
from api.config import load_settings
from core.db import db
from tests.support.dashboard import log_in
from tests.support.referrals import enroll

# GET routes that are not pages, each with the reason.
NOT_PAGES = ("/v1/", "/widget/", "/static/", "/r/", "/stripe/", "/healthz",
             "/dashboard/export/")
INLINE = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)
INLINE_ATTRIBUTES = re.compile(r"""\s(style|on[a-z]+)\s*=\s*["']""", re.IGNORECASE)


def page_paths(app, values: dict) -> list[str]:
    paths = ["/v1/docs", "/no/such/page", "/dashboard/no/such/page"]
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(NOT_PAGES):
            continue
        paths.append(re.sub(r"<(?:[^:>]+:)?([^>]+)>",
                            lambda match: values.get(match.group(1), "unknown"), rule.rule))
    return paths


def assert_page_is_protected(response, path: str) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in policy, path
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, path
    assert headers["X-Content-Type-Options"] == "nosniff", path
    assert headers["X-Frame-Options"] == "DENY", path
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer"), path
    html = response.get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", policy)
    for tag, attributes in INLINE.findall(html):
        if tag.lower() == "script" and "src=" in attributes:
            continue
        assert nonce and f'nonce="{nonce.group(1)}"' in attributes, (path, tag, attributes)
    assert not INLINE_ATTRIBUTES.findall(html), (path, INLINE_ATTRIBUTES.findall(html))


@pytest.fixture
def page_values(app, client, merchant):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    promoter = enroll(client, merchant)
    portal = client.post(f"/v1/promoters/{promoter['id']}/portal_sessions", json={},
                         headers=merchant.headers()).get_json()["url"]
    return {"promoter_id": promoter["id"], "token": portal.rsplit("/", 1)[1],
            "order_id": "ord_unknown"}


def test_every_page_has_the_security_headers(app, client, owner_client, page_values):
    seen = 0
    for browser in (client, owner_client):
        for path in page_paths(app, page_values):
            response = browser.get(path)
            assert response.status_code < 500, path
            if response.mimetype == "text/html":
                assert_page_is_protected(response, path)
                seen += 1
    assert seen >= 20


def test_the_nonce_is_fresh_on_every_response(client):
    policies = {client.get("/").headers["Content-Security-Policy"] for _ in range(3)}
    assert len(policies) == 3


def test_api_answers_are_not_sniffed_and_carry_no_page_policy(client, merchant):
    response = client.get("/v1/merchant", headers=merchant.headers())
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers  # not served over https here


@pytest.fixture
def https_app(app, test_database_url):
    """Goodword as deployed: https public URL, behind one TLS-terminating proxy (the demo shop
    seeded, so its pages exist)."""
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    deployed = load_settings({"PUBLIC_URL": "https://rewards.example", "TRUSTED_PROXIES": "1"},
                             "/nonexistent")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": test_database_url,
                      "DEMO_SHOP_FILE": app.config["DEMO_SHOP_FILE"],
                      **{name: deployed[name] for name in (
                          "PUBLIC_URL", "TRUSTED_PROXIES", "SESSION_COOKIE_SECURE")}})
    yield app
    with app.app_context():
        db.engine.dispose()


def test_over_https_pages_get_hsts_and_every_cookie_is_secure(app, client, merchant, owner,
                                                              https_app):
    code = enroll(client, merchant)["code"]
    browser = https_app.test_client()
    browser.environ_base.update({"HTTP_X_FORWARDED_PROTO": "https",
                                 "HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    responses = [log_in(browser, owner), browser.get(f"/r/{code}"),
                 browser.get("/demo/shop?gw_click=clk_01m81rqkta1gs44ep899vrgwj5")]
    assert responses[2].status_code == 200
    cookies = [cookie for response in responses
               for cookie in response.headers.getlist("Set-Cookie")]
    assert any(cookie.startswith("demo_gw_click=") for cookie in cookies)
    assert len(cookies) >= 3
    for cookie in cookies:
        assert "; Secure" in cookie and "HttpOnly" in cookie, cookie
    for path in ("/", "/dashboard/login", "/v1/docs"):
        assert browser.get(path).headers["Strict-Transport-Security"].startswith("max-age=")
