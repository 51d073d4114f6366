"""Tenant isolation in the dashboard, generated from the route table: a signed-in owner of one
merchant, with a valid CSRF token, on every /dashboard route naming another merchant's object
gets a 404 page and changes nothing. A route added later is covered, or fails here until it is
exempted with a reason."""

import re

import pytest

from tests.support.dashboard import csrf_of, log_in, make_user
from tests.support.merchant_world import build_world, snapshot

# Routes with variables outside the dashboard, each with where its isolation is tested.
ELSEWHERE = {
    "/portal/<token>": "the token names the promoter: tests/api/test_tenant_isolation.py",
    "/portal/<token>/redeem": "the same token: tests/api/test_tenant_isolation.py",
    "/portal/<token>/browser": "the same token: tests/api/test_tenant_isolation.py",
    "/r/<link>": "public by design: anyone may follow a referral link",
    "/stripe/webhooks/<merchant_id>": "signed with that merchant's whsec_: test_stripe_webhooks",
    "/demo/shop/orders/<order_id>": "the demo storefront's own pretend orders",
    "/docs/": "the built docs site: the same public pages for everyone, no merchant's data",
    "/docs/<path:filename>": "the built docs site, as above",
    "/unsubscribe/<token>": "the signed token names the member: tests/api/test_member_messages.py",
}
# One form that answers every dashboard POST: each route reads the fields it knows.
FORM = {"note": "stranger", "decision": "approve", "active": "0", "grace_hours": "0",
        "state": "disabled", "name": "Hijacked", "metric": "approved_referrals",
        "threshold": "1", "window_days": "30", "multiplier": "1"}


def dashboard_routes(app) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.arguments or rule.rule.startswith(("/v1/", "/static/", "/widget/")):
            continue
        if rule.rule in ELSEWHERE:
            continue
        assert rule.rule.startswith("/dashboard/"), f"{rule.rule}: add it here or to ELSEWHERE"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, rule.rule))
    return sorted(routes)


@pytest.fixture
def acme_world(app, client, clock, make_merchant):
    acme = make_merchant("Acme")
    world = build_world(client, acme, clock)
    world.ids["key_id"] = acme.secret_key_id
    return world


@pytest.fixture
def globex_owner(app, make_merchant):
    globex = make_merchant("Globex", shop_url="https://globex.example/",
                           allowed_domains=["globex.example"])
    make_user(app, globex.id, "owner@globex.example", "owner")
    browser = app.test_client()
    assert log_in(browser, "owner@globex.example").status_code == 302
    return browser


def test_the_dashboard_matrix_is_not_empty(app):
    assert len(dashboard_routes(app)) >= 10


def test_another_merchants_owner_finds_nothing_and_changes_nothing(app, acme_world,
                                                                    globex_owner):
    token = csrf_of(globex_owner.get("/dashboard/account"))
    for method, rule in dashboard_routes(app):
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: acme_world.ids[m.group(1)], rule)
        before = snapshot(app)
        response = globex_owner.open(path, method=method,
                                     data={**FORM, "csrf_token": token}
                                     if method == "POST" else None)
        assert response.status_code == 404, (method, rule, response.status_code)
        assert snapshot(app) == before, (method, rule)
