"""Unknown query parameters are refused on every /v1 route, read from the route table, so a
route added later is covered without anyone listing it here; refused requests change nothing."""

import re

from tests.support.errors import error_of
from tests.support.merchant_world import build_world, snapshot

PUBLIC = {"/v1/openapi.json", "/v1/docs", "/v1/docs/assets/<path:filename>"}


def every_route(app) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/v1/") or rule.rule in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, rule.rule))
    return routes


def fill(rule: str, ids: dict) -> str:
    return re.sub(r"<([^>]+)>", lambda match: ids[match.group(1).split(":")[-1]], rule)


def test_every_route_refuses_a_query_parameter_it_does_not_know(app, client, merchant, clock):
    world = build_world(client, merchant, clock)
    routes = every_route(app)
    assert ("GET", "/v1/tiers") in routes and ("DELETE", "/v1/tiers/<tier_id>") in routes
    before = snapshot(app)
    for method, rule in routes:
        response = client.open(f"{fill(rule, world.ids)}?no_such_parameter=1", method=method,
                               headers=merchant.headers(),
                               json=None if method in ("GET", "DELETE") else {})
        assert response.status_code == 400, (method, rule, response.get_json())
        error = error_of(response)
        assert (error["code"], error["param"]) == ("parameter_unknown", "no_such_parameter"), (
            method, rule)
    assert snapshot(app) == before


def test_a_paging_wish_on_a_route_without_paging_is_an_error_not_ignored(client, merchant):
    for name, threshold in (("Silver", 100), ("Gold", 1000)):
        created = client.post("/v1/tiers", headers=merchant.headers(), json={
            "name": name, "metric": "points_earned", "threshold": threshold,
            "window_days": 365})
        assert created.status_code == 201, created.get_json()
    response = client.get("/v1/tiers?limit=1", headers=merchant.headers())
    assert response.status_code == 400
    assert error_of(response)["param"] == "limit"
