"""The merchant dashboard in a real browser: sign in, read the funnel, work the review queue."""

from sqlalchemy import select

from core.db import db
from referrals.signups.models import Referral
from rewards.program import tier_definitions
from tests.support.browser import DESKTOP, sign_in
from tests.support.dashboard import PASSWORD, make_user
from tests.support.referrals import click, enroll, sign_up
from tests.support.rewards import create_rule


def test_sign_in_read_the_funnel_and_approve_a_held_referral(
    app, client, clock, live, browser, artifacts, merchant
):
    make_user(app, merchant.id, "owner@acme.example", "owner")
    promoter = enroll(client, merchant, email="ana@example.com")
    for _ in range(3):
        click(client.application.test_client(), f"/r/{promoter['code']}")
    sign_up(client, merchant, code=promoter["code"], referee_external_id="friend_1")
    held = sign_up(client, merchant, code=promoter["code"], referee_external_id="friend_2",
                   referee_email="x@sub.mailinator.com").get_json()
    assert held["status"] == "pending_review"
    clock.advance(seconds=5)  # the journey runs up to now, exclusive

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    # No scripts to fail and no third-party requests (console errors would only be the 401
    # of the wrong password and the missing favicon).
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(request.url))

    page.goto(f"{live}/dashboard")
    page.get_by_label("Email").fill("owner@acme.example")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text() == "Wrong email or password."
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live}/dashboard")

    assert page.get_by_role("heading", name="Customer journey").is_visible()
    awareness = page.locator('tr[data-stage="awareness"] td.num').first.inner_text()
    subscribe = page.locator('tr[data-stage="subscribe"] td.num').first.inner_text()
    # Both friends signed up by code, not from one of the 3 clicks: the funnel follows the
    # clickers, and the range's totals count the 2 signups.
    assert (awareness, subscribe) == ("3", "0")
    assert "3 valid clicks" in page.locator("#totals").inner_text()
    assert "2 signups" in page.locator("#totals").inner_text()
    chart = page.locator("svg#trend")
    assert chart.is_visible() and chart.locator("polyline").count() == 3
    assert chart.bounding_box()["width"] > 500
    page.screenshot(path=str(artifacts / "dashboard-journey.png"), full_page=True)

    page.get_by_role("link", name="Review queue").click()
    card = page.locator(f"section#{held['id']}")
    assert "disposable_email" in card.inner_text()
    card.get_by_label("Note").fill("checked by phone")
    page.screenshot(path=str(artifacts / "dashboard-review.png"), full_page=True)
    card.get_by_role("button", name="Approve").click()
    assert page.get_by_role("status").inner_text() == f"Referral {held['id']} approved."
    assert page.get_by_text("Nothing to review.").is_visible()

    page.goto(f"{live}/dashboard/promoters/{promoter['id']}")
    assert page.get_by_text("checked by phone").is_visible()
    page.screenshot(path=str(artifacts / "dashboard-promoter.png"), full_page=True)
    context.close()
    assert problems == []
    with app.app_context():
        referral = db.session.get(Referral, held["id"])
        assert (referral.status, referral.decision_note) == ("approved", "checked by phone")
        assert db.session.scalar(select(Referral.status).where(
            Referral.referee_external_id == "friend_1")) == "approved"


def test_a_promoter_opens_their_portal_and_redeems(app, client, clock, live, browser, artifacts,
                                                   merchant):
    create_rule(client, merchant)  # 100 points to the referrer per approved referral
    ana = enroll(client, merchant, external_id="cus_ana", email="ana@example.com")
    sign_up(client, merchant, code=ana["code"], referee_external_id="f1",
            referee_email="bo.berg@example.com")
    clock.advance(days=30)
    assert app.test_cli_runner().invoke(args=["mature"]).exit_code == 0
    url = client.post(f"/v1/promoters/{ana['id']}/portal_sessions",
                      headers=merchant.headers()).get_json()["url"]
    assert url.startswith(live)

    context = browser.new_context(viewport=DESKTOP)
    context.route("https://**/*", lambda route: route.abort())  # no third-party requests
    page = context.new_page()
    page.goto(url)
    assert page.locator("#available").inner_text() == "100"
    assert page.get_by_role("cell", name="B. B.").is_visible()
    page.screenshot(path=str(artifacts / "portal.png"), full_page=True)
    page.get_by_label("Points").fill("30")
    page.get_by_role("button", name="Redeem for store credit").click()
    assert page.get_by_role("status").inner_text() == "Redeemed 30 points for store credit."
    assert page.locator("#available").inner_text() == "70"

    clock.advance(hours=2)
    page.goto(url)
    assert page.get_by_role("heading", name="This link has expired").is_visible()
    assert page.locator("form").count() == 0
    page.screenshot(path=str(artifacts / "portal-expired.png"), full_page=True)
    context.close()


def test_staff_see_no_keys_and_a_form_without_its_token_is_refused(
    app, live, browser, artifacts, merchant
):
    make_user(app, merchant.id, "staff@acme.example", "staff")
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live, "staff@acme.example")
    assert page.get_by_role("link", name="Developers").count() == 0
    response = page.goto(f"{live}/dashboard/developers")
    assert response.status == 403
    assert page.get_by_role("heading", name="Not allowed").is_visible()
    page.screenshot(path=str(artifacts / "dashboard-staff-403.png"), full_page=True)

    page.goto(f"{live}/dashboard/program")
    page.get_by_label("Name").fill("Gold")
    page.get_by_label("Threshold").fill("5")
    page.locator("form[action$='/program/tiers'] input[name=csrf_token]").evaluate(
        "input => input.remove()")
    with page.expect_response(f"{live}/dashboard/program/tiers") as answer:
        page.get_by_role("button", name="Add tier").click()
    assert answer.value.status == 400
    assert page.get_by_text("did not come from this site").is_visible()
    page.screenshot(path=str(artifacts / "dashboard-csrf-400.png"), full_page=True)
    context.close()
    with app.app_context():
        assert tier_definitions.ladder(db.session, merchant_id=merchant.id) == []
