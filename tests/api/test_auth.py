"""Keys: secret keys open /v1, publishable keys never do, revoked and rolled keys stop working."""

from datetime import timedelta

import pytest

from api.request.context import digest_secret
from core.db import db
from core.merchants import keys as keys_service
from tests.support.errors import error_of


def secret_routes(app) -> list[tuple[str, str]]:
    """Every /v1 route and method that needs a secret key, read from the route table, so a
    route added later is covered without anyone remembering to list it here."""
    public = {"/v1/openapi.json", "/v1/docs", "/v1/docs/assets/<path:filename>"}
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/v1/") or rule.rule in public:
            continue
        path = rule.rule.replace("<promoter_id>", "pro_0").replace("<", "").replace(">", "")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, path))
    return routes


def test_the_route_table_is_not_empty(app):
    assert ("GET", "/v1/merchant") in secret_routes(app)
    assert ("POST", "/v1/promoters") in secret_routes(app)


def test_publishable_key_is_refused_on_every_secret_route(app, client, merchant):
    for method, path in secret_routes(app):
        response = client.open(
            path, method=method, json={},
            headers={"Authorization": f"Bearer {merchant.publishable}"},
        )
        assert response.status_code == 403, (method, path)
        error = error_of(response)
        assert (error["type"], error["code"]) == ("permission_error", "secret_key_required")


def test_no_key_is_a_401_on_every_secret_route(app, client):
    for method, path in secret_routes(app):
        response = client.open(path, method=method, json={})
        assert response.status_code == 401, (method, path)
        assert error_of(response)["code"] == "missing_api_key"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer sk_test_notarealkeyatall000000000000000",
        "Basic c2tfdGVzdDo=",
        "Bearer",
        "sk_test_without_scheme",
    ],
)
def test_wrong_or_malformed_keys_are_401(client, merchant, header):
    response = client.get("/v1/merchant", headers={"Authorization": header})
    assert response.status_code == 401
    assert error_of(response)["type"] == "authentication_error"


def test_a_revoked_key_stops_working_at_once(app, client, merchant):
    assert client.get("/v1/merchant", headers=merchant.headers()).status_code == 200
    with app.app_context():
        keys_service.revoke_key(db.session, key_id=merchant.secret_key_id, now=app.extensions[
            "goodword_clock"].now())
        db.session.commit()
    response = client.get("/v1/merchant", headers=merchant.headers())
    assert response.status_code == 401
    assert error_of(response)["code"] == "api_key_revoked"


def test_a_rolled_key_works_through_its_grace_period_only(app, client, clock, merchant):
    with app.app_context():
        _, new_key = keys_service.roll_key(
            db.session, key_id=merchant.secret_key_id, digest_secret=digest_secret(),
            now=clock.now(), grace=timedelta(hours=2),
        )
        db.session.commit()
    new_headers = {"Authorization": f"Bearer {new_key}"}
    assert client.get("/v1/merchant", headers=merchant.headers()).status_code == 200
    assert client.get("/v1/merchant", headers=new_headers).status_code == 200
    clock.advance(hours=2, seconds=1)
    response = client.get("/v1/merchant", headers=merchant.headers())
    assert response.status_code == 401
    assert error_of(response)["code"] == "api_key_expired"
    assert client.get("/v1/merchant", headers=new_headers).status_code == 200


def test_keys_are_stored_as_digests_never_in_plaintext(app, merchant):
    from core.merchants.models import ApiKey

    with app.app_context():
        stored = db.session.get(ApiKey, merchant.secret_key_id)
        assert merchant.secret not in (stored.digest, stored.redacted)
        assert stored.redacted == "sk_test_..." + merchant.secret[-4:]
        assert len(stored.digest) == 64


def test_each_merchant_sees_only_its_own_keys(client, make_merchant):
    acme, globex = make_merchant("Acme"), make_merchant("Globex")
    listed = client.get("/v1/api_keys", headers=globex.headers()).get_json()["data"]
    assert acme.secret_key_id not in {key["id"] for key in listed}
    assert len(listed) == 2
