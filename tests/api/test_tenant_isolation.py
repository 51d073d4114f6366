"""Tenant isolation, generated from the route table: every /v1 route naming an object in its URL
answers another merchant's secret key with 404 and changes nothing; ids in bodies and queries
are no way around it; a widget session acts only as its own buyer; a portal link shows only its
own promoter. A route added later is covered, or this test fails until someone says why not."""

import re

import pytest
from itsdangerous import URLSafeSerializer

from tests.support.errors import error_of
from tests.support.merchant_world import build_world, snapshot
from tests.support.widget import mint_session, widget_headers

# URL variables that are not one merchant's object, each with the reason.
EXEMPT_VARIABLES = {
    "filename": "static documentation assets, the same for everyone",
}
# A body that would be valid for the owner, so that the stranger's 404 comes from the lookup,
# not from validation. Routes missing here are sent `{}`.
BODIES = {
    ("POST", "/v1/orders/<order_id>/refunds"): {"amount": 100, "external_id": "re_stranger"},
    ("POST", "/v1/referrals/<referral_id>/approve"): {"note": "stranger"},
    ("POST", "/v1/referrals/<referral_id>/reject"): {"note": "stranger"},
    ("PATCH", "/v1/promoters/<promoter_id>"): {"birthday": "01-01"},
    ("PATCH", "/v1/rules/<rule_id>"): {"name": "Hijacked"},
    ("PATCH", "/v1/tiers/<tier_id>"): {"name": "Hijacked"},
    ("PATCH", "/v1/webhook_endpoints/<endpoint_id>"): {"enabled_events": ["reward.earned"]},
    ("PATCH", "/v1/catalog_rewards/<reward_id>"): {"name": "Hijacked"},
    ("POST", "/v1/catalog_rewards/<reward_id>/codes"): {"codes": ["STRANGER-1"]},
}
VALIDATION_CODES = {"parameter_missing", "parameter_invalid", "parameter_unknown"}


def object_routes(app) -> list[tuple[str, str, list[str]]]:
    """(method, rule, variables) for every /v1 route with a variable in its path."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/v1/") or not rule.arguments:
            continue
        if all(name in EXEMPT_VARIABLES for name in rule.arguments):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, rule.rule, sorted(rule.arguments)))
    return sorted(routes, key=lambda route: (route[0] == "DELETE", route[1], route[0]))


def fill(rule: str, ids: dict) -> str:
    def one(match):
        name = match.group(1).split(":")[-1]
        assert name in ids, (
            f"{rule}: no object for <{name}> in merchant_world.build_world; add one there, "
            "or exempt the variable with a reason in EXEMPT_VARIABLES")
        return ids[name]
    return re.sub(r"<([^>]+)>", one, rule)


def send(client, method: str, rule: str, ids: dict, headers: dict):
    body = BODIES.get((method, rule), {})
    return client.open(fill(rule, ids), method=method, headers=headers,
                       json=None if method in ("GET", "DELETE") else body)


@pytest.fixture
def two_merchants(app, client, clock, make_merchant):
    acme = build_world(client, make_merchant("Acme"), clock)
    globex = make_merchant("Globex", shop_url="https://globex.example/",
                           allowed_domains=["globex.example"])
    return acme, globex


def test_the_matrix_covers_every_kind_of_object(app):
    variables = {name for _, _, names in object_routes(app) for name in names}
    assert {"promoter_id", "order_id", "referral_id", "endpoint_id", "delivery_id",
            "event_id", "rule_id", "tier_id", "redemption_id"} <= variables
    assert len(object_routes(app)) >= 24


def test_another_merchants_key_finds_nothing_and_changes_nothing(app, client, two_merchants):
    acme, globex = two_merchants
    for method, rule, _ in object_routes(app):
        before = snapshot(app)
        response = send(client, method, rule, acme.ids, globex.headers())
        assert response.status_code == 404, (method, rule, response.get_json())
        assert error_of(response)["type"] == "invalid_request_error", (method, rule)
        assert snapshot(app) == before, (method, rule)


def test_the_same_requests_are_valid_for_the_owner(app, client, two_merchants):
    """So the stranger's 404 above comes from the lookup, not from a body we got wrong."""
    acme, _ = two_merchants
    for method, rule, _ in object_routes(app):
        response = send(client, method, rule, acme.ids, acme.merchant.headers())
        assert response.status_code != 404, (method, rule, response.get_json())
        if response.status_code == 400:
            assert error_of(response)["code"] not in VALIDATION_CODES, (method, rule)


@pytest.mark.parametrize(("method", "path", "body"), [
    ("POST", "/v1/redemptions", lambda w: {"promoter": w.ids["promoter_id"], "points": 1}),
    ("POST", "/v1/referrals", lambda w: {"referee_external_id": "cus_x",
                                         "click_id": w.click_id}),
    ("POST", "/v1/referrals", lambda w: {"referee_external_id": "cus_x",
                                         "code": w.promoter["code"]}),
    ("POST", "/v1/referrals", lambda w: {
        "referee_external_id": "cus_x", "token": w.promoter["referral_url"].rsplit("/r/")[1]}),
    ("POST", "/v1/orders", lambda w: {"external_id": "o-x", "customer_external_id": "cus_x",
                                      "amount": 5000, "currency": "USD",
                                      "code": w.promoter["code"]}),
])
def test_another_merchants_ids_in_a_body_are_not_found(app, client, two_merchants, method,
                                                       path, body):
    acme, globex = two_merchants
    before = {table: rows for table, rows in snapshot(app).items()}
    response = client.open(path, method=method, json=body(acme), headers=globex.headers())
    assert response.status_code in (400, 404), response.get_json()
    if response.status_code == 400:
        assert error_of(response)["code"] not in VALIDATION_CODES, response.get_json()
    acme_rows = {table: [row for row in rows if acme.merchant.id in row]
                 for table, rows in before.items()}
    after = snapshot(app)
    for table, rows in acme_rows.items():
        assert [row for row in after[table] if acme.merchant.id in row] == rows, table


def test_lists_and_filters_never_show_another_merchants_objects(app, client, two_merchants):
    acme, globex = two_merchants
    acme_ids = set(acme.ids.values()) | {acme.click_id, acme.friend_promoter["id"]}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/v1/") or rule.arguments or "GET" not in rule.methods:
            continue
        if rule.rule in ("/v1/openapi.json", "/v1/docs"):
            continue
        response = client.get(rule.rule, headers=globex.headers())
        assert response.status_code == 200, rule.rule
        assert not acme_ids & set(re.findall(r"[a-z]{3}_[0-9A-Za-z]{10,}", response.text)), rule
    filtered = client.get(f"/v1/referrals?promoter={acme.ids['promoter_id']}",
                          headers=globex.headers())
    assert filtered.status_code in (200, 404)
    assert acme.ids["referral_id"] not in filtered.text


def test_a_widget_session_acts_only_as_its_own_buyer(app, client, two_merchants):
    acme, globex = two_merchants
    merchant = acme.merchant
    # Ben's session (from the world) and Cleo's: Cleo's page cannot become Ben or Ana.
    cleo = mint_session(client, merchant, external_id="cus_cleo")
    headers = widget_headers(merchant.publishable, cleo)
    for path, body in (("enrollment", {"customer": "cus_ben"}),
                       ("enrollment", {"promoter": acme.ids["promoter_id"]}),
                       ("shares", {"channel": "email", "promoter": acme.ids["promoter_id"]}),
                       ("feedback", {"score": 0, "customer": "cus_ben"})):
        response = client.post(f"/widget/v1/{path}", json=body, headers=headers)
        assert response.status_code == 400, (path, body)
        assert error_of(response)["code"] == "parameter_unknown"
    enrolled = client.post("/widget/v1/enrollment", headers=headers).get_json()["promoter"]
    assert enrolled["id"] not in (acme.ids["promoter_id"], acme.friend_promoter["id"])
    share = client.post("/widget/v1/shares", json={"channel": "sms"}, headers=headers)
    assert share.get_json()["promoter"] == enrolled["id"]
    ben_view = client.get("/widget/v1/session",
                          headers=widget_headers(merchant.publishable, acme.widget_token))
    assert ben_view.get_json()["promoter"]["id"] == acme.friend_promoter["id"]
    # Another merchant's publishable key cannot use Acme's session token, nor the reverse.
    before = snapshot(app)
    for key, origin_headers in ((globex.publishable, {"Origin": "https://globex.example"}),):
        for method, path in (("GET", "session"), ("POST", "enrollment"),
                             ("POST", "shares"), ("POST", "feedback")):
            body = {"shares": {"channel": "x"}, "feedback": {"score": 3}}.get(path)
            response = client.open(
                f"/widget/v1/{path}", method=method, json=body,
                headers={**widget_headers(key, acme.widget_token), **origin_headers})
            assert response.status_code == 401, (path, response.get_json())
    assert snapshot(app) == before


def portal_url(client, merchant, promoter_id: str) -> str:
    response = client.post(f"/v1/promoters/{promoter_id}/portal_sessions", json={},
                           headers=merchant.headers())
    assert response.status_code == 201
    return response.get_json()["url"].split("goodword.test", 1)[1]


def test_a_portal_link_shows_only_its_own_promoter(app, client, two_merchants):
    acme, globex = two_merchants
    ana, ben = acme.promoter, acme.friend_promoter
    ben_portal = portal_url(client, acme.merchant, ben["id"])
    page = client.get(ben_portal)
    assert page.status_code == 200
    assert ben["code"] in page.text
    # Her name and email, not "Ana": three letters turn up in the page's random tokens.
    for hers in (ana["code"], "Ana Lima", "ana.lima@example.com"):
        assert hers not in page.text, hers
    # The promoter comes from the signed token alone: nothing in the URL or form chooses it.
    for extra in (f"?promoter={ana['id']}", f"?promoter_id={ana['id']}"):
        assert ana["code"] not in client.get(ben_portal + extra).text
    before = snapshot(app)
    response = client.post(ben_portal + "/redeem",
                           data={"points": "1", "promoter": ana["id"]})
    assert response.status_code == 302
    ana_balance = client.get(f"/v1/promoters/{ana['id']}/balance",
                             headers=acme.merchant.headers()).get_json()
    after = snapshot(app)
    assert [row for row in after["redemptions"] if ana["id"] in row] == [
        row for row in before["redemptions"] if ana["id"] in row]
    assert ana_balance["balances"]
    # A token edited to name Ana is refused, as is Acme's token presented as Globex's.
    # payload.timestamp.signature; a payload that compresses well starts with "." itself.
    payload, timestamp, signature = ben_portal.rsplit("/", 1)[1].rsplit(".", 2)
    serializer = URLSafeSerializer("unused")
    claims = serializer.load_payload(payload.encode())
    forged = serializer.dump_payload({**claims, "p": ana["id"]}).decode()
    tampered = f"{forged}.{timestamp}.{signature}"
    assert claims["p"] == ben["id"]
    assert client.get(f"/portal/{tampered}").status_code == 404
    globex_promoter = client.post("/v1/promoters", json={"external_id": "cus_g"},
                                  headers=globex.headers()).get_json()
    assert globex_promoter["code"] not in client.get(ben_portal).text
