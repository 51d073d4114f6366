"""The review queue in a real Chromium: a farm shown as one case, two rows approved after a
look, the rest of the farm rejected with one click, under the page policy."""

from sqlalchemy import select

from core.db import db
from referrals.signups.models import Referral
from tests.support.browser import DESKTOP, VIOLATIONS, assert_nothing_refused, sign_in
from tests.support.dashboard import make_user
from tests.support.referrals import enroll
from tests.support.review import farm, held_alone, hold_everything_suspicious


def test_a_farm_is_rejected_in_one_decision(app, client, live, browser, artifacts, merchant):
    make_user(app, merchant.id, "owner@acme.example", "owner")
    hold_everything_suspicious(client, merchant)
    ana = enroll(client, merchant)
    held = farm(client, merchant, ana, 8)
    loner = held_alone(client, merchant, ana, 1)

    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    sign_in(page, live, "owner@acme.example")
    page.get_by_role("link", name="Review queue").click()
    assert page.locator("#queue-counts").inner_text() == "2 cases · 9 signups held"
    case = page.locator("section.case")
    assert case.get_by_role("heading", name="Case of 8 signups").is_visible()
    assert case.get_by_text("All of 8 share one network (/24 or /64)").is_visible()
    assert case.get_by_text("kmiller#@yahoo.com").first.is_visible()
    assert case.locator("tbody tr").count() == 8

    # Two rows look like real people after a call: ticked by their labels and approved.
    for friend in held[:2]:
        case.get_by_label(f"Select {friend['referee_email']}").check()
    case.get_by_role("button", name="Approve selected").click()
    assert page.get_by_role("status").inner_text() == "2 signups approved."
    assert page.locator("#queue-counts").inner_text() == "2 cases · 7 signups held"

    case = page.locator("section.case")
    case.get_by_label("Note").fill("one farm, one network")
    page.screenshot(path=str(artifacts / "review-case.png"), full_page=True)
    case.get_by_role("button", name="Reject all 6").click()
    assert page.get_by_role("status").inner_text() == "6 signups rejected."
    assert page.locator("#queue-counts").inner_text() == "1 case · 1 signup held"
    assert page.locator(f"section#{loner['id']}").is_visible()
    assert_nothing_refused(page)
    context.close()

    with app.app_context():
        rows = dict(db.session.execute(select(Referral.id, Referral.status).where(
            Referral.id.in_([r["id"] for r in held]))).all())
        notes = set(db.session.scalars(select(Referral.decision_note).where(
            Referral.status == "rejected", Referral.merchant_id == merchant.id)))
    assert [rows[r["id"]] for r in held] == ["approved"] * 2 + ["rejected"] * 6
    assert notes == {"one farm, one network"}
