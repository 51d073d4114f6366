"""Following a referral link: the shopper lands on the shop, the click is counted, good or bad."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from sqlalchemy import select

from core.db import db
from core.ids import new_id
from referrals.clicks import service as clicks_service
from referrals.clicks.models import Click
from referrals.links import service as links
from referrals.promoters.models import Promoter
from tests.support.links import PUBLIC, all_clicks, follow

SHOP = "https://shop.acme.example/"


def enroll(client, merchant, **fields) -> dict:
    response = client.post("/v1/promoters", json={"name": "Ana", **fields},
                           headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def path_of(url: str) -> str:
    assert url.startswith(PUBLIC + "/r/")
    return url[len(PUBLIC):]


def click_id_in(location: str) -> str:
    (click_id,) = parse_qs(urlsplit(location).query)["gw_click"]
    return click_id


def cookie_header(response, name: str) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(name + "="):
            return header
    return None


def count(app, merchant_id: str, **filters) -> int:
    with app.app_context():
        return clicks_service.count_clicks(db.session, merchant_id=merchant_id, **filters)


def test_a_promoter_has_a_signed_link_and_a_code_link(client, merchant):
    promoter = enroll(client, merchant, code="ANA-SPRING")
    assert "." in path_of(promoter["referral_url"])
    assert promoter["code_url"] == f"{PUBLIC}/r/ANA-SPRING"
    fetched = client.get(f"/v1/promoters/{promoter['id']}", headers=merchant.headers())
    assert path_of(fetched.get_json()["referral_url"])


def test_a_signed_link_lands_on_the_shop_with_the_click_attributed(app, client, merchant):
    promoter = enroll(client, merchant)
    response = follow(client, path_of(promoter["referral_url"]))

    assert response.status_code == 302
    location = response.headers["Location"]
    click_id = click_id_in(location)
    assert location == f"{SHOP}?gw_click={click_id}"
    assert click_id.startswith("clk_")
    assert response.headers["Cache-Control"] == "no-store"

    attribution = cookie_header(response, "gw_click")
    assert attribution.startswith(f"gw_click={click_id};")
    assert f"Max-Age={30 * 86400}" in attribution
    visitor = cookie_header(response, "gw_vid")
    for cookie in (attribution, visitor):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie

    # Recorded and committed: a fresh session sees it.
    (click,) = all_clicks(app)
    assert click.id == click_id
    assert (click.merchant_id, click.promoter_id) == (merchant.id, promoter["id"])
    assert click.valid is True and click.invalid_reason is None
    assert visitor.startswith(f"gw_vid={click.visitor_id};")
    assert click.user_agent == "Mozilla/5.0 (test)"
    assert click.referrer == "https://social.example/post/1"
    assert len(click.ip_hash) == 64 and "127.0.0.1" not in click.ip_hash
    assert count(app, merchant.id, valid=True) == 1
    assert count(app, merchant.id, promoter_id=promoter["id"]) == 1


def test_a_code_link_works_in_any_case(app, client, merchant):
    promoter = enroll(client, merchant, code="AnaRocks")
    for code in ("AnaRocks", "anarocks", "ANAROCKS"):
        response = follow(client, f"/r/{code}")
        assert response.headers["Location"].startswith(f"{SHOP}?gw_click=clk_")
    assert count(app, merchant.id, promoter_id=promoter["id"], valid=True) == 3


def test_a_returning_visitor_keeps_one_visitor_id(app, client, merchant):
    link = path_of(enroll(client, merchant)["referral_url"])
    first = follow(client, link)
    second = follow(client, link)  # the test client sends the cookie back
    assert cookie_header(first, "gw_vid") is not None
    assert cookie_header(second, "gw_vid") is None
    one, two = all_clicks(app)
    assert one.visitor_id == two.visitor_id
    # The browser keeps its first click (first-click attribution): the second visit is
    # recorded, and the shop is handed the first click again.
    assert cookie_header(second, "gw_click") is None
    assert second.headers["Location"] == first.headers["Location"]


def test_a_forged_visitor_cookie_is_replaced(app, client, merchant):
    link = path_of(enroll(client, merchant)["referral_url"])
    client.set_cookie("gw_vid", "<script>")
    response = follow(client, link)
    assert cookie_header(response, "gw_vid") is not None
    assert all_clicks(app)[0].visitor_id != "<script>"


def test_attribution_lasts_the_merchants_window(client, make_merchant):
    merchant = make_merchant(attribution_window_days=7)
    response = follow(client, path_of(enroll(client, merchant)["referral_url"]))
    assert f"Max-Age={7 * 86400}" in cookie_header(response, "gw_click")


def assert_unattributed(response, expected_location: str) -> None:
    assert response.status_code == 302
    assert response.headers["Location"] == expected_location
    assert cookie_header(response, "gw_click") is None


def test_a_tampered_link_lands_on_the_shop_home_unattributed(app, client, merchant):
    link = path_of(enroll(client, merchant)["referral_url"])
    signed, signature = link.rsplit(".", 1)
    tampered = f"{signed}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    response = follow(client, tampered + "?to=https://shop.acme.example/products/x")
    assert_unattributed(response, SHOP)
    assert cookie_header(response, "gw_vid") is not None  # the visitor is still known
    (click,) = all_clicks(app)
    assert (click.valid, click.invalid_reason) == (False, "tampered")
    assert (click.merchant_id, click.promoter_id) == (merchant.id, None)
    assert count(app, merchant.id, valid=False) == 1
    assert count(app, merchant.id, valid=True) == 0


def test_a_link_naming_another_merchant_goes_to_that_shop_unattributed(app, client,
                                                                      make_merchant):
    acme = make_merchant()
    other = make_merchant("Other", shop_url="https://other.example/",
                          allowed_domains=["other.example"])
    promoter = enroll(client, acme)
    with app.app_context():
        forged = links.sign_link(secret_keys=["attacker's guess"], merchant_id=other.id,
                                 promoter_id=promoter["id"], now=clicks_now(app))
    assert_unattributed(follow(client, f"/r/{forged}"), "https://other.example/")
    assert all_clicks(app)[0].invalid_reason == "tampered"


def clicks_now(app):
    return app.extensions["goodword_clock"].now()


@pytest.mark.parametrize("link", ["a.b", "x.y.z", "Zm9v.AAAA.BBBB"])
def test_an_unreadable_token_goes_to_goodwords_home(app, client, link):
    assert_unattributed(follow(client, f"/r/{link}"), "/")
    (click,) = all_clicks(app)
    assert (click.valid, click.invalid_reason, click.merchant_id) == (False, "tampered", None)


def test_an_unknown_code_goes_to_goodwords_home(app, client, merchant):
    enroll(client, merchant, code="ANA-SPRING")
    assert_unattributed(follow(client, "/r/NOBODY"), "/")
    assert_unattributed(follow(client, "/r/" + "x" * 200), "/")
    reasons = {(c.invalid_reason, c.merchant_id, c.promoter_id) for c in all_clicks(app)}
    assert reasons == {("unknown_code", None, None)}


def test_a_genuine_link_to_an_unknown_promoter_is_counted_invalid(app, client, make_merchant):
    acme = make_merchant()
    other = make_merchant("Other", shop_url="https://other.example/",
                          allowed_domains=["other.example"])
    others_promoter = enroll(client, other)
    secret_keys = app.config["GOODWORD_SECRET_KEYS"]
    for promoter_id in (new_id("pro"), others_promoter["id"]):
        token = links.sign_link(secret_keys=secret_keys, merchant_id=acme.id,
                                promoter_id=promoter_id, now=clicks_now(app))
        assert_unattributed(follow(client, f"/r/{token}"), SHOP)
    assert count(app, acme.id, valid=False) == 2
    assert {c.invalid_reason for c in all_clicks(app)} == {"unknown_promoter"}


def block(app, promoter_id: str) -> None:
    with app.app_context():
        db.session.get(Promoter, promoter_id).status = "blocked"
        db.session.commit()


def test_a_blocked_promoters_links_stop_attributing(app, client, merchant):
    promoter = enroll(client, merchant, code="ANA-SPRING")
    block(app, promoter["id"])
    assert_unattributed(follow(client, path_of(promoter["referral_url"])), SHOP)
    assert_unattributed(follow(client, "/r/ana-spring"), SHOP)
    clicks = all_clicks(app)
    assert {(c.invalid_reason, c.promoter_id) for c in clicks} == {
        ("promoter_blocked", promoter["id"])
    }


def test_links_do_not_expire_by_default(client, clock, merchant):
    link = path_of(enroll(client, merchant)["referral_url"])
    clock.advance(days=3650)
    assert click_id_in(follow(client, link).headers["Location"])


def test_a_configured_maximum_age_expires_links(app, client, clock, merchant, monkeypatch):
    monkeypatch.setitem(app.config, "REFERRAL_LINK_MAX_AGE_DAYS", 30)
    link = path_of(enroll(client, merchant)["referral_url"])
    clock.advance(days=29)
    assert click_id_in(follow(client, link).headers["Location"])
    clock.advance(days=2)
    assert_unattributed(follow(client, link), SHOP)
    expired = all_clicks(app)[-1]
    assert (expired.invalid_reason, expired.merchant_id) == ("expired", merchant.id)


def test_links_survive_a_secret_rotation(app, client, merchant, monkeypatch):
    monkeypatch.setitem(app.config, "GOODWORD_SECRET_KEYS", ["old-secret"])
    promoter = enroll(client, merchant)
    old_link = path_of(promoter["referral_url"])

    monkeypatch.setitem(app.config, "GOODWORD_SECRET_KEYS", ["old-secret", "new-secret"])
    assert click_id_in(follow(client, old_link).headers["Location"])
    fetched = client.get(f"/v1/promoters/{promoter['id']}", headers=merchant.headers())
    new_link = path_of(fetched.get_json()["referral_url"])

    # Once the old secret is retired, only links signed after the rotation still work.
    monkeypatch.setitem(app.config, "GOODWORD_SECRET_KEYS", ["new-secret"])
    assert click_id_in(follow(client, new_link).headers["Location"])
    assert_unattributed(follow(client, old_link), SHOP)


@pytest.mark.parametrize(
    ("to", "lands_on"),
    [
        ("https://shop.acme.example/products/x?color=red",
         "https://shop.acme.example/products/x?color=red"),
        ("HTTPS://SHOP.ACME.EXAMPLE/products/x", "https://shop.acme.example/products/x"),
        ("https://shop.acme.example./products/x", "https://shop.acme.example./products/x"),
    ],
)
def test_a_landing_page_on_the_shop_is_honoured(client, merchant, to, lands_on):
    link = path_of(enroll(client, merchant)["referral_url"])
    location = follow(client, link, query_string={"to": to}).headers["Location"]
    separator = "&" if "?" in lands_on else "?"
    assert location == f"{lands_on}{separator}gw_click={click_id_in(location)}"


def test_a_wildcard_domain_admits_its_subdomains(client, make_merchant):
    merchant = make_merchant(allowed_domains=["shop.acme.example", "*.acme.example"])
    link = path_of(enroll(client, merchant)["referral_url"])
    location = follow(client, link, query_string={"to": "https://blog.acme.example/a"}).headers[
        "Location"
    ]
    assert location.startswith("https://blog.acme.example/a?gw_click=clk_")


OPEN_REDIRECT_TRICKS = [
    "//evil.example", "/\\evil.example", "\\\\evil.example", "/%2F%2Fevil.example",
    "https://evil.example", "https://shop.acme.example.evil.example/",
    "https://SHOP.ACME.EXAMPLE.evil.example/", "https://evil.example/shop.acme.example",
    "https://evil.example@shop.acme.example/", "https://shop.acme.example@evil.example/",
    "https://shop.acme.example\\@evil.example/", "https://shop.acme.example%40evil.example/",
    "https://shop.acme.example:evil.example/", "https://evil.example#@shop.acme.example",
    "https://evil.example?@shop.acme.example", "https:evil.example", "https:/evil.example",
    "javascript:alert(document.cookie)", "JavaScript://shop.acme.example/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>", "ftp://shop.acme.example/",
    "https://evil.example\t.shop.acme.example/", "https://evil.example\n/",
    "https://shop.acme.example\u3002evil.example/", "https://evil.example./",
]


@pytest.mark.parametrize("to", OPEN_REDIRECT_TRICKS)
def test_open_redirect_tricks_land_on_the_shop(client, merchant, to):
    link = path_of(enroll(client, merchant)["referral_url"])
    location = follow(client, link, query_string={"to": to}).headers["Location"]
    assert location == f"{SHOP}?gw_click={click_id_in(location)}"


@pytest.mark.parametrize(
    "raw_query",
    ["to=%2F%2Fevil.example", "to=%252F%252Fevil.example", "to=https%3A%2F%2Fevil.example",
     "to=https:%2F%2Fevil.example", "to=%5C%5Cevil.example", "to=https://evil.example%2F.."
     "%2Fshop.acme.example", "to=%68ttps://evil.example", "to=https://evil%2Eexample"],
)
def test_encoded_tricks_land_on_the_shop(client, merchant, raw_query):
    link = path_of(enroll(client, merchant)["referral_url"])
    location = follow(client, f"{link}?{raw_query}").headers["Location"]
    assert location == f"{SHOP}?gw_click={click_id_in(location)}"


def test_the_requested_page_is_kept_on_the_click_as_asked(app, client, merchant):
    link = path_of(enroll(client, merchant)["referral_url"])
    follow(client, link, query_string={"to": "https://evil.example/"})
    assert all_clicks(app)[0].landing_url == "https://evil.example/"


@pytest.mark.parametrize(("trusted_proxies", "expected"), [(1, "203.0.113.7"), (0, "10.0.0.2")])
def test_the_click_hashes_the_shoppers_address_only_through_trusted_proxies(
    test_database_url, client, merchant, trusted_proxies, expected
):
    """Behind one load balancer (TRUSTED_PROXIES=1) the shopper's address is the one hashed;
    without it, a forged X-Forwarded-For cannot choose the address."""
    from api import create_app
    from api.request.context import ip_hash_secret
    from referrals.clicks.service import hash_ip

    code = client.post("/v1/promoters", json={"name": "Ana"},
                       headers=merchant.headers()).get_json()["code"]
    proxied = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": test_database_url,
                          "TRUSTED_PROXIES": trusted_proxies})
    proxied.test_client().get(f"/r/{code}", headers={"X-Forwarded-For": "203.0.113.7"},
                              environ_base={"REMOTE_ADDR": "10.0.0.2"})
    with proxied.app_context():
        (stored,) = db.session.scalars(select(Click)).all()
        assert stored.ip_hash == hash_ip(expected, secret=ip_hash_secret())
        db.session.remove()
        db.engine.dispose()


def test_a_promoters_link_is_fresh_when_links_expire(app, client, clock, merchant, monkeypatch):
    """With a maximum age, the link the API shows on day 31 must work for 30 more days."""
    monkeypatch.setitem(app.config, "REFERRAL_LINK_MAX_AGE_DAYS", 30)
    promoter = enroll(client, merchant)
    clock.advance(days=31)
    shown = client.get(f"/v1/promoters/{promoter['id']}", headers=merchant.headers()).get_json()
    assert click_id_in(follow(client, path_of(shown["referral_url"])).headers["Location"])


def test_a_smuggled_click_id_in_the_landing_page_is_dropped(client, merchant):
    """Wrapping someone's link with ?to=...?gw_click=<mine> must not steal their credit."""
    link = path_of(enroll(client, merchant)["referral_url"])
    target = "https://shop.acme.example/p?size=m&gw_click=clk_attacker"
    location = follow(client, f"{link}?to={quote(target, safe='')}").headers["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["size"] == ["m"]
    assert len(query["gw_click"]) == 1 and query["gw_click"][0] != "clk_attacker"


def test_a_head_request_shows_the_way_but_counts_nothing(app, client, merchant):
    """Link checkers and chat unfurlers probe with HEAD; no person clicked."""
    link = path_of(enroll(client, merchant)["referral_url"])
    response = client.head(link)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(SHOP)
    assert "Set-Cookie" not in response.headers
    assert all_clicks(app) == []
    assert len(follow(client, link).headers.getlist("Set-Cookie")) == 2
    assert len(all_clicks(app)) == 1
