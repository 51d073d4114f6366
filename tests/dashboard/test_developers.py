"""The developers page: owners create, roll and revoke keys; the secret is shown once."""

import re

from tests.support.dashboard import csrf_of, log_in, make_user


def new_key(page) -> str:
    return re.search(r'value="((?:sk|pk)_test_\w+)"', page.get_data(as_text=True)).group(1)


def test_an_owner_creates_a_key_that_works_and_is_shown_once(client, owner_client):
    token = csrf_of(owner_client.get("/dashboard/developers"))
    created = owner_client.post("/dashboard/developers/keys",
                                data={"kind": "secret", "mode": "test", "csrf_token": token})
    assert created.status_code == 200
    raw_key = new_key(created)
    assert client.get("/v1/merchant", headers={"Authorization": f"Bearer {raw_key}"}
                      ).status_code == 200
    again = owner_client.get("/dashboard/developers").get_data(as_text=True)
    assert raw_key not in again and raw_key[-4:] in again


def test_rolling_and_revoking_stop_the_old_key(client, merchant, owner_client):
    token = csrf_of(owner_client.get("/dashboard/developers"))
    rolled = owner_client.post(f"/dashboard/developers/keys/{merchant.secret_key_id}/roll",
                               data={"grace_hours": "0", "csrf_token": token})
    fresh = new_key(rolled)
    assert client.get("/v1/merchant", headers=merchant.headers()).status_code == 401
    fresh_headers = {"Authorization": f"Bearer {fresh}"}
    assert client.get("/v1/merchant", headers=fresh_headers).status_code == 200
    html = owner_client.get("/dashboard/developers").get_data(as_text=True)
    fresh_id = re.search(r'<tr id="(key_\w+)"><td><code>sk_test_\.\.\.' + fresh[-4:], html)[1]
    owner_client.post(f"/dashboard/developers/keys/{fresh_id}/revoke",
                      data={"csrf_token": token})
    assert client.get("/v1/merchant", headers=fresh_headers).status_code == 401


def test_staff_cannot_see_or_touch_keys(app, client, merchant):
    make_user(app, merchant.id, "staff@acme.example", "staff")
    log_in(client, "staff@acme.example")
    assert client.get("/dashboard/developers").status_code == 403
    token = csrf_of(client.get("/dashboard"))
    assert client.post(f"/dashboard/developers/keys/{merchant.secret_key_id}/revoke",
                       data={"csrf_token": token}).status_code == 403
    assert app.test_client().get("/v1/merchant", headers=merchant.headers()).status_code == 200


def test_another_merchants_key_is_not_found(app, make_merchant, owner_client):
    other = make_merchant("Other Shop")
    token = csrf_of(owner_client.get("/dashboard/developers"))
    response = owner_client.post(f"/dashboard/developers/keys/{other.secret_key_id}/revoke",
                                 data={"csrf_token": token})
    assert response.status_code == 404
    assert app.test_client().get("/v1/merchant", headers=other.headers()).status_code == 200


def test_a_key_change_without_csrf_is_refused(app, merchant, owner_client):
    response = owner_client.post(f"/dashboard/developers/keys/{merchant.secret_key_id}/revoke")
    assert response.status_code == 400
    assert app.test_client().get("/v1/merchant", headers=merchant.headers()).status_code == 200
