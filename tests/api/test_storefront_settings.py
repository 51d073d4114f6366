"""GET /widget/v1/storefront: what the storefront script asks before a new click replaces a
kept one. Publishable key only, from the merchant's own pages; it names nobody."""

from tests.support.errors import error_of

SHOP = "https://shop.acme.example"


def ask(client, key: str, origin: str = SHOP):
    return client.get("/widget/v1/storefront",
                      headers={"Authorization": f"Bearer {key}", "Origin": origin})


def test_the_policy_and_window_follow_the_merchants_settings(client, merchant):
    body = ask(client, merchant.publishable).get_json()
    assert body == {"object": "storefront_settings", "attribution": "first_click",
                    "attribution_window_days": 30, "click_param": "gw_click"}
    client.patch("/v1/fraud_settings", json={"attribution": "last_click"},
                 headers=merchant.headers())
    client.patch("/v1/merchant", json={"attribution_window_days": 7},
                 headers=merchant.headers())
    body = ask(client, merchant.publishable).get_json()
    assert (body["attribution"], body["attribution_window_days"]) == ("last_click", 7)


def test_only_the_merchants_pages_and_publishable_key(client, merchant):
    secret = ask(client, merchant.secret)
    assert secret.status_code == 403
    assert error_of(secret)["code"] == "publishable_key_required"
    elsewhere = ask(client, merchant.publishable, "https://coupons.example")
    assert elsewhere.status_code == 403
    assert error_of(elsewhere)["code"] == "origin_not_allowed"
    assert ask(client, "pk_test_nobody").status_code == 401
