"""Where a click lands: only pages on the merchant's own domains, with the click id attached."""

import pytest

from referrals.clicks.landing import landing_url, with_click_id

SHOP = "https://shop.acme.example/"
ALLOWED = ["shop.acme.example", "*.acme.example"]


def land(requested):
    return landing_url(requested, shop_url=SHOP, allowed_domains=ALLOWED)


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("https://shop.acme.example/products/x", "https://shop.acme.example/products/x"),
        ("https://blog.acme.example/post?id=3#top", "https://blog.acme.example/post?id=3#top"),
        ("HTTPS://SHOP.ACME.EXAMPLE/p", "https://SHOP.ACME.EXAMPLE/p"),
        ("https://shop.acme.example./p", "https://shop.acme.example./p"),
        ("https://shop.acme.example:8443/p", "https://shop.acme.example:8443/p"),
    ],
)
def test_pages_on_allowed_domains_are_honoured(requested, expected):
    assert land(requested) == expected


@pytest.mark.parametrize(
    "requested",
    [
        None, "", "/products/x", "//evil.example", "/\\evil.example", "\\\\evil.example",
        "https://acme.example.evil.example/", "https://evil.example/shop.acme.example",
        "https://shop.acme.example@evil.example/", "https://evil.example@shop.acme.example/",
        "https://shop.acme.example\\@evil.example/", "https://shop.acme.example:evil.example/",
        "https:evil.example", "https:/evil.example", "javascript:alert(1)",
        "JavaScript://shop.acme.example/%0Aalert(1)", "data:text/html,<script>x</script>",
        "ftp://shop.acme.example/", "https://evil.example\t.shop.acme.example/",
        "https://shop.acme.example\u3002evil.example/", " https://evil.example/",
        "https://shop.acme.example/" + "x" * 2100,
    ],
)
def test_anything_else_lands_on_the_shop(requested):
    assert land(requested) == SHOP


def test_the_click_id_is_added_to_the_query():
    assert with_click_id(SHOP, "clk_1") == "https://shop.acme.example/?gw_click=clk_1"
    assert (
        with_click_id("https://shop.acme.example/p?color=red#reviews", "clk_1")
        == "https://shop.acme.example/p?color=red&gw_click=clk_1#reviews"
    )
