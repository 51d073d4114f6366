"""The loyalty side in Chromium, under the Content-Security-Policy: a member picks a reward in
the portal and sees its code; the merchant reads the retention figures and the catalog."""

from urllib.parse import urlsplit

from tests.support.browser import DESKTOP, VIOLATIONS, assert_nothing_refused, sign_in
from tests.support.catalog import catalog_reward, member_with_points, welcome_points
from tests.support.dashboard import make_user


def _page(browser):
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return context, page


def test_a_member_redeems_from_the_portal_and_the_merchant_sees_it(
        app, client, live, browser, merchant, artifacts):
    welcome_points(client, merchant, 600)
    ana = member_with_points(client, merchant, "cus_ana")
    voucher = catalog_reward(client, merchant, name="Partner voucher", kind="code_pool",
                             points_cost=250)
    client.post(f"/v1/catalog_rewards/{voucher['id']}/codes", json={"codes": ["VOUCH-77"]},
                headers=merchant.headers())
    portal = client.post(f"/v1/promoters/{ana['id']}/portal_sessions", json={},
                         headers=merchant.headers()).get_json()["url"]
    make_user(app, merchant.id, "owner@acme.example", "owner")
    context, page = _page(browser)
    try:
        page.goto(live + urlsplit(portal).path)
        page.locator(f"#{voucher['id']}").get_by_role("button", name="Redeem").click()
        page.get_by_text("Your code VOUCH-77 is ready").wait_for()
        assert page.locator("#available").inner_text() == "350"
        page.screenshot(path=str(artifacts / "portal-catalog.png"))
        assert_nothing_refused(page)

        sign_in(page, live, "owner@acme.example")
        page.goto(f"{live}/dashboard/loyalty")
        assert page.locator("#members").inner_text() == "1"
        assert page.locator("#redemption-rate").inner_text() == "42%"  # 250 of 600
        page.screenshot(path=str(artifacts / "dashboard-loyalty.png"))
        assert_nothing_refused(page)
        page.goto(f"{live}/dashboard/catalog")
        assert "0 code(s) left" in page.locator(f"#{voucher['id']}").inner_text()
        assert_nothing_refused(page)
    finally:
        context.close()
