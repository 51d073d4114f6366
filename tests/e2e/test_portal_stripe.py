"""A promoter redeems in the portal, in Chromium, and gets a Stripe promotion code (localstripe
plus tests/fakes/fake_stripe_payouts.py for what localstripe lacks)."""

from tests.support.browser import DESKTOP, VIOLATIONS
from tests.support.payouts import earn_points
from tests.support.stripe import connect


def test_redeem_in_the_portal_gives_a_stripe_code(client, clock, live, browser, artifacts,
                                                  merchant, fake_stripe):
    ana = earn_points(client, clock, merchant, "cus_ana")  # 100 points at 5 cents each
    connect(client, merchant)
    url = client.post(f"/v1/promoters/{ana['id']}/portal_sessions",
                      headers=merchant.headers()).get_json()["url"]
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(VIOLATIONS)
    context.route("https://**/*", lambda route: route.abort())  # no third-party requests
    page = context.new_page()
    page.goto(url)
    page.get_by_label("Points").fill("60")
    page.get_by_role("button", name="Redeem for a discount code").click()
    (promotion,) = fake_stripe.promotion_codes.values()
    assert page.locator("p.flash").inner_text() == (
        f"Your code {promotion['code']} is worth $3.00: use it once at checkout.")
    assert page.locator("#available").inner_text() == "40"
    assert promotion["code"] in page.locator("#redemptions").inner_text()
    page.screenshot(path=str(artifacts / "portal-stripe-code.png"), full_page=True)
    assert len(fake_stripe.promotion_codes) == 1
    assert page.evaluate("window.__violations") == []
    context.close()
