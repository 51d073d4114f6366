"""CSRF on every form, from the route table: each POST route that a browser form reaches, sent
by a signed-in owner without the session's token or with a forged one, is refused with a 400
page and changes nothing. A form route added later is covered unless exempted with a reason."""

import re

import pytest

from tests.support.dashboard import log_in, make_user
from tests.support.merchant_world import build_world, snapshot

# POST routes that are not cookie-authenticated forms, each with the reason.
NOT_COOKIE_FORMS = {
    "/portal/<token>/redeem": "no cookie: the unguessable token in its URL is the credential",
    "/portal/<token>/browser": "no cookie: the unguessable token in its URL is the credential",
    "/demo/shop/checkout": "the pretend storefront of the demo; it holds nothing of value",
    "/stripe/webhooks/<merchant_id>": "Stripe's server, verified by its signature",
    "/unsubscribe/<token>": "no cookie: the signed token in its URL is the credential, and a "
                            "mail client's one-click POST (RFC 8058) carries no other",
}
FORM = {"note": "x", "decision": "approve", "active": "0", "grace_hours": "0",
        "state": "disabled", "name": "Forged", "email": "forged@acme.example",
        "password": "forged password 123", "role": "owner", "kind": "secret", "mode": "test",
        "current_password": "x", "new_password": "forged password 123",
        "url": "http://127.0.0.1:9/forged"}


def form_routes(app) -> list[str]:
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule.startswith(("/v1/", "/widget/")):
            continue
        if rule.rule not in NOT_COOKIE_FORMS:
            routes.append(rule.rule)
    return sorted(routes)


@pytest.fixture
def signed_in(app, client, clock, merchant):
    world = build_world(client, merchant, clock)
    world.ids["key_id"] = merchant.secret_key_id
    make_user(app, merchant.id, "owner@acme.example", "owner")
    browser = app.test_client()
    assert log_in(browser, "owner@acme.example").status_code == 302
    return world, browser


def test_every_form_needs_the_sessions_token(app, signed_in):
    world, browser = signed_in
    routes = form_routes(app)
    assert len(routes) >= 15
    for rule in routes:
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: world.ids[m.group(1)], rule)
        for token in (None, "forged-token"):
            before = snapshot(app)
            data = FORM if token is None else {**FORM, "csrf_token": token}
            response = browser.post(path, data=data)
            assert response.status_code == 400, (rule, token, response.status_code)
            assert "did not come from this site" in response.get_data(as_text=True), rule
            assert snapshot(app) == before, (rule, token)
