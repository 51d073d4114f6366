"""GET/PATCH /v1/merchant: settings a merchant changes, validated all together."""

from tests.support.errors import error_of


def test_a_new_merchant_has_the_documented_defaults(client, merchant):
    body = client.get("/v1/merchant", headers=merchant.headers()).get_json()
    assert body == {
        "id": merchant.id,
        "object": "merchant",
        "name": "Acme Outfitters",
        "shop_url": "https://shop.acme.example/",
        "allowed_domains": ["shop.acme.example"],
        "currency": "USD",
        "attribution_window_days": 30,
        "hold_days": 14,
        "points_expiry_days": None,
        "point_value": 1,
        "stripe_connected": False,
        "stripe_secret_key_last4": None,
        "stripe_webhook_secret_last4": None,
        "stripe_payout": "promotion_code",
        "stripe_friend_coupon": None,
        "max_award_points": 100_000,
        "max_award_credit": 100_000,
        "min_hold_days": 0,
        "timezone": "UTC",
        "created_at": body["created_at"],
    }
    assert body["created_at"].endswith("+00:00")


def test_settings_change_and_stay_changed(client, merchant):
    changes = {
        "name": "Acme",
        "allowed_domains": ["ACME.example", "*.acme.example", "bücher.example"],
        "shop_url": "https://www.acme.example/home",
        "currency": "eur",
        "attribution_window_days": 60,
        "hold_days": 0,
    }
    response = client.patch("/v1/merchant", json=changes, headers=merchant.headers())
    assert response.status_code == 200
    body = client.get("/v1/merchant", headers=merchant.headers()).get_json()
    assert body["allowed_domains"] == ["acme.example", "*.acme.example", "xn--bcher-kva.example"]
    assert body["shop_url"] == "https://www.acme.example/home"
    assert body["currency"] == "EUR"
    assert (body["attribution_window_days"], body["hold_days"]) == (60, 0)


def test_an_empty_patch_changes_nothing(client, merchant):
    before = client.get("/v1/merchant", headers=merchant.headers()).get_json()
    response = client.patch("/v1/merchant", json={}, headers=merchant.headers())
    assert response.status_code == 200
    assert response.get_json() == before


def test_the_shop_must_live_on_an_allowed_domain(client, merchant):
    response = client.patch(
        "/v1/merchant", json={"shop_url": "https://evil.example/"}, headers=merchant.headers()
    )
    assert response.status_code == 400
    assert error_of(response)["param"] == "shop_url"


def test_removing_the_shops_domain_is_refused_and_nothing_changes(client, merchant):
    response = client.patch(
        "/v1/merchant",
        json={"hold_days": 3, "allowed_domains": ["other.example"]},
        headers=merchant.headers(),
    )
    assert response.status_code == 400
    body = client.get("/v1/merchant", headers=merchant.headers()).get_json()
    assert body["hold_days"] == 14
    assert body["allowed_domains"] == ["shop.acme.example"]


def test_domains_with_scheme_path_or_port_are_refused(client, merchant):
    for domain in ("https://shop.acme.example", "shop.acme.example/path", "shop.acme.example:443",
                   "-bad-.example", "*", "*.com.", "a..b"):
        response = client.patch(
            "/v1/merchant", json={"allowed_domains": [domain, "shop.acme.example"]},
            headers=merchant.headers(),
        )
        assert response.status_code == 400, domain
        assert error_of(response)["param"] == "allowed_domains"


def test_blank_name_is_refused(client, merchant):
    response = client.patch("/v1/merchant", json={"name": "   "}, headers=merchant.headers())
    assert response.status_code == 400
    assert error_of(response)["param"] == "name"


def test_each_key_reads_its_own_merchant(client, make_merchant):
    acme, globex = make_merchant("Acme"), make_merchant("Globex")
    client.patch("/v1/merchant", json={"hold_days": 1}, headers=acme.headers())
    assert client.get("/v1/merchant", headers=globex.headers()).get_json()["hold_days"] == 14
    assert client.get("/v1/merchant", headers=acme.headers()).get_json()["name"] == "Acme"
