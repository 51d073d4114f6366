"""The merchant dashboard in a real browser: sign in, read the funnel, work the review queue."""

from sqlalchemy import select

from core.db import db
from referrals.models import Referral
from tests.api.test_referrals import click, enroll, sign_up
from tests.dashboard.conftest import PASSWORD, make_user

DESKTOP = {"width": 1280, "height": 900}


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
    assert (awareness, subscribe) == ("3", "2")
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
