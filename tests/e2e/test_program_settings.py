"""The program editors, settings and webhooks in a real browser under the app's CSP: a rule
edited with its dry run shown before saving, the widget preview following a colour as it is
typed, a webhook endpoint added with its secret shown once. Screenshots in tests/e2e/artifacts/.
"""

import re

import pytest

from core.db import db
from core.events import endpoints as endpoints_service
from tests.support.browser import DESKTOP, VIOLATIONS, assert_nothing_refused, sign_in
from tests.support.dashboard import make_user
from tests.support.referrals import enroll
from tests.support.rewards import create_rule
from tests.support.tiers import GOLD, SILVER, create_tier
from tests.support.webhooks import Receiver, deliver


@pytest.fixture
def page(app, browser, merchant, live):
    make_user(app, merchant.id, "owner@acme.example", "owner")
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    sign_in(page, live, "owner@acme.example")
    yield page
    context.close()


def test_a_rule_edit_shows_the_dry_run_before_it_saves_a_new_version(
    client, merchant, live, page, artifacts
):
    rule = create_rule(client, merchant)  # 100 points to the referrer per approved referral
    page.goto(f"{live}/dashboard/program")
    page.locator(f"tr#{rule['id']}").get_by_role("link", name="Edit").click()
    assert page.get_by_role("heading", name="Edit “Friend bonus”").is_visible()
    page.get_by_label("How much").fill("250")
    page.get_by_label("Rewards per promoter per day").fill("2")
    page.screenshot(path=str(artifacts / "dashboard-rule-edit.png"), full_page=True)
    page.get_by_role("button", name="Preview what it awards").click()

    dry_run = page.locator("#dry-run")
    assert "awards 250 points to the referrer, available after 14 days" in dry_run.inner_text()
    assert page.get_by_text("Not saved yet.").is_visible()
    page.screenshot(path=str(artifacts / "dashboard-rule-preview.png"), full_page=True)
    api = client.get(f"/v1/rules/{rule['id']}", headers=merchant.headers()).get_json()
    assert (api["version"], api["reward"]["value"]) == (1, 100)  # nothing saved by the preview

    page.get_by_role("button", name="Save as version 2").click()
    assert page.get_by_role("status").inner_text() == "Rule “Friend bonus” saved as version 2."
    row = page.locator(f"tr#{rule['id']}")
    assert "v2" in row.inner_text() and "250" in row.inner_text()
    api = client.get(f"/v1/rules/{rule['id']}", headers=merchant.headers()).get_json()
    assert (api["version"], api["reward"]["value"], api["limits"]["per_promoter_per_day"]) == (
        2, 250, 2)

    # A mistake is shown on its field, as the API would refuse it.
    page.get_by_role("link", name="New rule").click()
    page.get_by_label("Name").fill("Too generous")
    page.get_by_label("How much").fill("500")
    page.get_by_label("Budget for everyone").fill("100")
    page.get_by_role("button", name="Preview what it awards").click()
    assert page.locator("#f-limits-budget-error").inner_text() == (
        "budget (100) is smaller than one award (500).")
    assert page.get_by_label("Budget for everyone").get_attribute("aria-invalid") == "true"
    page.screenshot(path=str(artifacts / "dashboard-rule-new-error.png"), full_page=True)
    assert_nothing_refused(page)


def test_tiers_are_edited_and_deleted(client, merchant, live, page, artifacts):
    silver = create_tier(client, merchant, **SILVER)
    gold = create_tier(client, merchant, **GOLD)
    page.goto(f"{live}/dashboard/program")
    page.locator(f"tr#{silver['id']}").get_by_role("link", name="Edit").click()
    page.get_by_label("Threshold").fill("150")
    page.screenshot(path=str(artifacts / "dashboard-tier-edit.png"), full_page=True)
    page.get_by_role("button", name="Save tier").click()
    assert "150 points earned" in page.locator(f"tr#{silver['id']}").inner_text()
    page.locator(f"tr#{gold['id']}").get_by_role("link", name="Delete").click()
    assert page.get_by_text("No promoter is in this tier now.").is_visible()
    page.screenshot(path=str(artifacts / "dashboard-tier-delete.png"), full_page=True)
    page.get_by_role("button", name="Delete tier").click()
    assert page.locator(f"tr#{gold['id']}").count() == 0
    page.screenshot(path=str(artifacts / "dashboard-program.png"), full_page=True)
    assert_nothing_refused(page)


def accent_of(page) -> str:
    return page.locator("#widget-preview section.gw").evaluate(
        "box => box.style.getPropertyValue('--ac')")


def test_the_widget_preview_follows_a_colour_as_it_is_typed(client, merchant, live, page,
                                                            artifacts):
    page.goto(f"{live}/dashboard/settings")
    # The real widget, in preview mode: its 0-10 question, painted with the saved settings.
    page.locator("#widget-preview").get_by_role("button", name="10 out of 10").wait_for()
    assert accent_of(page) == "#2f5bea"
    accent = page.get_by_label("Buttons and links", exact=True)
    accent.fill("")
    accent.press_sequentially("#d9480f", delay=40)
    page.wait_for_function(
        "() => document.querySelector('#widget-preview goodword-widget').shadowRoot"
        ".querySelector('section.gw').style.getPropertyValue('--ac') === '#d9480f'")
    assert page.evaluate("document.activeElement.id") == "f-accent_color"  # focus stays put
    page.get_by_label("Heading").fill("Loved it? Tell a friend")
    page.locator("#widget-preview").get_by_role("heading", name="Loved it? Tell a friend") \
        .wait_for()
    page.screenshot(path=str(artifacts / "dashboard-settings-preview.png"), full_page=True)

    # A click in the preview answers like the widget would, and records nothing.
    page.locator("#widget-preview").get_by_role("button", name="10 out of 10").click()
    assert page.locator("#widget-preview").get_by_role("heading", name="Share with friends") \
        .is_visible()

    text = page.get_by_label("Text", exact=True)
    text.fill("")
    text.press_sequentially("#eeeeee", delay=20)
    problem = page.locator("#preview-problem")
    problem.filter(has_text="contrast").wait_for()
    assert "shoppers need at least 4.5:1" in problem.inner_text()
    assert text.get_attribute("aria-invalid") == "true"
    page.screenshot(path=str(artifacts / "dashboard-settings-contrast.png"), full_page=True)
    text.fill("#1d2433")
    page.wait_for_function("() => !document.querySelector('#preview-problem').textContent")
    page.get_by_role("button", name="Save widget").click()
    assert "Widget settings saved" in page.locator("p.flash").inner_text()
    saved = client.get("/v1/widget_settings", headers=merchant.headers()).get_json()
    assert (saved["accent_color"], saved["title"]) == ("#d9480f", "Loved it? Tell a friend")
    assert client.get("/v1/widget_feedback", headers=merchant.headers()).get_json()["data"] == []
    assert_nothing_refused(page)


def test_a_webhook_endpoint_is_added_with_its_secret_shown_once(
    app, client, merchant, live, page, artifacts
):
    hooks = Receiver()
    try:
        page.goto(f"{live}/dashboard/developers")
        page.get_by_label("URL").fill(hooks.url)
        page.get_by_label("Description").fill("Our CRM")
        page.get_by_role("button", name="Add endpoint").click()
        secret = page.get_by_label("Signing secret").input_value()
        assert re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", secret)
        page.screenshot(path=str(artifacts / "dashboard-webhook-secret.png"), full_page=True)
        page.goto(f"{live}/dashboard/developers")
        assert secret not in page.content()
        (endpoint,) = client.get("/v1/webhook_endpoints",
                                 headers=merchant.headers()).get_json()["data"]
        assert "Our CRM" in page.locator(f"tr#{endpoint['id']}").inner_text()
        page.screenshot(path=str(artifacts / "dashboard-developers.png"), full_page=True)

        enroll(client, merchant)
        assert deliver(app) == 1
        page.locator(f"tr#{endpoint['id']}").get_by_role("link", name="Delivery log").click()
        row = page.locator("table.log tbody tr").first
        assert "promoter.created" in row.inner_text() and "succeeded" in row.inner_text()
        assert "answered 200" in row.inner_text()
        page.screenshot(path=str(artifacts / "dashboard-webhook-log.png"), full_page=True)
        assert_nothing_refused(page)
    finally:
        hooks.close()
    # The banner a failing, disabled endpoint puts on every page (the disabling itself is
    # tested with a failing receiver in tests/dashboard/test_webhooks.py).
    with app.app_context():
        stored = endpoints_service.get_endpoint(db.session, merchant_id=merchant.id,
                                                endpoint_id=endpoint["id"])
        endpoints_service.disable(db.session, endpoint=stored,
                                  reason=endpoints_service.FAILING_REASON)
        db.session.commit()
    page.goto(f"{live}/dashboard")
    assert "were stopped" in page.get_by_role("alert").first.inner_text()
    page.screenshot(path=str(artifacts / "dashboard-webhook-banner.png"))
