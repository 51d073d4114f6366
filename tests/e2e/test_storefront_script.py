"""The storefront script in a real Chromium, on a shop served on loopback: the click of the
referral link is kept in the shop's own storage with a device id, the first click keeps the
credit against a click injected later (last_click lets it go), and the shop's server forwards
both with the friend's ip and browser to POST /v1/referrals."""

import pytest

from core.db import db
from referrals.signups.models import Referral
from tests.support.browser import DESKTOP
from tests.support.links import handed_click
from tests.support.referrals import enroll
from tests.support.storefront import loopback_shop


@pytest.fixture
def shop(app, live, make_merchant):
    # The shop's port is known only once it listens: the merchant is made for it then.
    with loopback_shop(live, "", "") as shop:
        port = shop.origin.rsplit(":", 1)[1]
        keys = make_merchant("Loopback Shop", shop_url=f"http://localhost:{port}/landing",
                             allowed_domains=["localhost"])
        shop.publishable, shop.secret, shop.keys = keys.publishable, keys.secret, keys
        yield shop


def evidence(page) -> dict:
    return page.evaluate("window.Goodword.evidence()")


def land(page, url: str, *, asks_policy: bool) -> None:
    """Open a shop page; when it carries a new click, wait for the script's policy call."""
    if asks_policy:
        with page.expect_response(lambda r: r.url.endswith("/widget/v1/storefront")) as asked:
            page.goto(url)
        assert asked.value.status == 200
    else:
        page.goto(url)
    page.wait_for_function("window.Goodword && window.Goodword.evidence")


def sign_up_on_the_shop(page, email: str, customer: str) -> str:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Customer").fill(customer)
    page.get_by_role("button", name="Create account").click()
    return page.locator("#result").inner_text()


def test_the_first_click_is_kept_and_forwarded_with_the_device(app, client, browser, shop,
                                                               artifacts):
    merchant = shop.keys
    ana = enroll(client, merchant, external_id="cus_ana", email="ana@example.com")
    bo = enroll(client, merchant, external_id="cus_bo", email="bo@example.com")
    injected = handed_click(client.get(f"/r/{bo['code']}"))  # another browser's click

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    with page.expect_response(lambda r: r.url.endswith("/widget/v1/storefront")):
        page.goto(f"{shop.goodword}/r/{ana['code']}")
    assert page.url.startswith(f"{shop.origin}/landing?gw_click=clk_")
    page.wait_for_function("window.Goodword && window.Goodword.evidence")
    kept = evidence(page)
    assert kept["click_id"] == page.url.split("gw_click=")[1]
    assert kept["device_id"].startswith("dev_")
    cookies = {c["name"]: c["value"] for c in context.cookies(shop.origin)}
    assert (cookies["gw_click_id"], cookies["gw_device"]) == (kept["click_id"],
                                                              kept["device_id"])
    # Both forms carry the evidence: the marked one got inputs, the other had its own.
    assert page.input_value("#checkout input[name=goodword_click_id]") == kept["click_id"]
    assert page.input_value("#signup input[name=goodword_device_id]") == kept["device_id"]

    # A click injected later (an extension, a stuffed link) does not take the credit.
    land(page, f"{shop.origin}/landing?gw_click={injected}", asks_policy=True)
    assert evidence(page) == kept
    land(page, f"{shop.origin}/landing", asks_policy=False)  # any page, no click in the URL
    assert evidence(page) == kept
    page.screenshot(path=str(artifacts / "storefront-landing.png"))
    result = sign_up_on_the_shop(page, "cy@example.com", "cus_cy")
    assert result.startswith("approved ref_")

    (forwarded,) = shop.forwarded
    assert forwarded["sent"]["click_id"] == kept["click_id"]
    assert forwarded["answer"]["promoter"] == ana["id"]
    assert forwarded["answer"]["attributed_by"] == "click"
    with app.app_context():
        referral = db.session.get(Referral, forwarded["answer"]["id"])
        assert referral.device_id == kept["device_id"]
        assert referral.user_agent == page.evaluate("navigator.userAgent")
        assert referral.ip_hash and referral.network_hash

    # Under last_click the latest click replaces the kept one.
    changed = client.patch("/v1/fraud_settings", json={"attribution": "last_click"},
                           headers=merchant.headers())
    assert changed.status_code == 200
    land(page, f"{shop.origin}/landing?gw_click={injected}", asks_policy=True)
    assert evidence(page) == {"click_id": injected, "device_id": kept["device_id"]}
    sign_up_on_the_shop(page, "di@example.com", "cus_di")
    assert shop.forwarded[-1]["answer"]["promoter"] == bo["id"]
    context.close()
    assert problems == []


def test_the_script_is_small_and_keeps_nothing_without_a_click(client, browser, shop):
    import gzip
    script = client.get("/widget/v1/storefront.js")
    assert script.status_code == 200 and script.mimetype == "text/javascript"
    assert len(gzip.compress(script.data, 9)) <= 2 * 1024

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    land(page, f"{shop.origin}/landing?gw_click=not-a-click", asks_policy=False)
    first = evidence(page)
    assert first["click_id"] is None and first["device_id"].startswith("dev_")
    assert page.input_value("#checkout input[name=goodword_click_id]") == ""
    page.reload()
    page.wait_for_function("window.Goodword && window.Goodword.evidence")
    assert evidence(page) == first  # the device id stays the browser's
    context.close()
