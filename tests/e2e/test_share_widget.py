"""The share widget on the demo shop's order-confirmation page, in a real browser: a buyer buys,
answers, shares; a friend follows the link and signs up; hostile shops and bad tokens too."""

from sqlalchemy import select

from core.db import db
from referrals.promoters.models import Promoter
from referrals.shares.models import Share
from referrals.signups.models import Referral
from referrals.widget.models import WidgetFeedback
from referrals.widget.sessions import create_session
from rewards.orders.models import Order
from tests.support.demo_shop import PHONE, buy, count, shoppers, wait_for, watch

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}


def widget_heading(page):
    return page.locator("goodword-widget").get_by_role("heading")


def test_a_happy_buyer_shares_and_a_friend_signs_up(app, live, demo, context, artifacts):
    page = context.new_page()
    problems = watch(page)
    buy(page, live)
    widget = page.locator("goodword-widget")
    question = widget.get_by_text("How likely are you to recommend us to a friend?")
    question.wait_for()
    page.screenshot(path=artifacts / "widget-question-desktop.png", full_page=True)

    widget.get_by_role("button", name="10 out of 10").click()
    widget.get_by_role("heading", name="Share with friends").wait_for()
    assert widget.get_by_text("Give 500 points, get 500 points").is_visible()
    link = widget.get_by_label("Your personal link").input_value()
    assert link.startswith(f"{live}/r/")
    page.screenshot(path=artifacts / "widget-share-desktop.png", full_page=True)

    widget.get_by_role("button", name="Copy link").click()
    widget.get_by_role("button", name="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link

    with context.expect_page() as network:
        widget.get_by_role("link", name="WhatsApp").click()
    network.value.close()
    page.wait_for_function("true")  # let the share request land
    for channel in ("copy", "whatsapp"):
        wait_for(lambda channel=channel: count(app, Share, Share.channel == channel) == 1)
    assert shoppers(app, Promoter.merchant_id == demo["merchant"]) == 1
    assert problems == []

    # Ben's own phone (these browsers share 127.0.0.1, so another user agent tells them apart).
    friend = context.browser.new_context(viewport=MOBILE, user_agent=PHONE)
    try:
        friend_page = friend.new_page()
        friend_page.goto(link)
        assert "/demo/shop?gw_click=clk_" in friend_page.url
        # He looks around the shop for a minute before he buys: a signup seconds after its
        # click is how an injected click looks (click_seconds_before_signup).
        app.extensions["goodword_clock"].advance(seconds=60)
        buy(friend_page, live, email="ben@example.org", name="Ben")
    finally:
        friend.close()
    with app.app_context():
        referral = db.session.scalars(select(Referral)).one()
        buyer = db.session.scalars(select(Promoter).where(Promoter.email == "ana@example.com")
                                   ).one()
        assert (referral.promoter_id, referral.status) == (buyer.id, "approved")
        assert referral.click_id is not None
        # The demo's checkout forwarded what the storefront script kept in Ben's browser.
        assert referral.device_id.startswith("dev_") and referral.user_agent == PHONE


def test_an_unhappy_buyer_gets_a_feedback_box_and_no_share_panel(app, live, demo, context):
    page = context.new_page()
    problems = watch(page)
    buy(page, live)
    widget = page.locator("goodword-widget")
    widget.get_by_role("button", name="3 out of 10").click()
    box = widget.get_by_label("What could we do better?")
    box.fill("The mug arrived chipped.")
    widget.get_by_role("button", name="Send feedback").click()
    widget.get_by_text("Thank you, we read every answer.").wait_for()
    assert widget.get_by_text("Share with friends").count() == 0
    with app.app_context():
        feedback = db.session.scalars(select(WidgetFeedback)).one()
        assert (feedback.score, feedback.text) == (3, "The mug arrived chipped.")
    # Her order made her a member (every buyer is one), but she shared nothing.
    assert (count(app, Order), shoppers(app), count(app, Share)) == (1, 1, 0)
    assert problems == []


def test_hostile_shop_css_and_a_strict_csp_do_not_break_it(app, live, demo, context, artifacts):
    page = context.new_page()
    problems = watch(page)
    buy(page, live, query="?hostile=1&csp=1")
    assert "default-src 'none'" in (page.evaluate(
        "fetch(location.href).then(r => r.headers.get('content-security-policy'))"))
    widget = page.locator("goodword-widget")
    ten = widget.get_by_role("button", name="10 out of 10")
    ten.wait_for()
    assert ten.is_visible()
    ten.click()
    copy = widget.get_by_role("button", name="Copy link")
    copy.wait_for()
    assert copy.is_visible()
    page.screenshot(path=artifacts / "widget-hostile-csp.png", full_page=True)
    assert problems == []


def test_keyboard_only_and_a_phone_sized_screen(app, live, demo, browser, artifacts):
    context = browser.new_context(viewport=MOBILE, is_mobile=True, has_touch=True,
                                  locale="de-DE")
    try:
        page = context.new_page()
        problems = watch(page)
        buy(page, live, query="?locale=de")
        widget = page.locator("goodword-widget")
        widget.get_by_text("Wie wahrscheinlich").wait_for()
        page.screenshot(path=artifacts / "widget-question-mobile.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]

        focused = "document.activeElement.shadowRoot?.activeElement?.textContent"
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate(focused) == "10":
                break
        assert page.evaluate(focused) == "10"
        outline = page.evaluate("getComputedStyle(document.activeElement.shadowRoot"
                                ".activeElement).outlineStyle")
        assert outline == "solid"  # a visible focus ring
        page.keyboard.press("Enter")
        widget.get_by_role("heading", name="Mit Freunden teilen").wait_for()
        assert page.evaluate(focused) == "Mit Freunden teilen"  # focus follows the new panel
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate(focused) == "Link kopieren"
        page.keyboard.press("Enter")
        widget.get_by_role("status").filter(has_text="Link kopiert").wait_for(state="attached")
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
        page.screenshot(path=artifacts / "widget-share-mobile.png", full_page=True)
        assert problems == []
    finally:
        context.close()


def test_a_forged_or_expired_token_shows_a_polite_fallback_and_enrols_nobody(
        app, live, demo, context, clock):
    page = context.new_page()
    buy(page, live, query="?token=forged")
    widget = page.locator("goodword-widget")
    widget.get_by_text("Sharing isn't available right now").wait_for()

    with app.app_context():
        issued = create_session(db.session, merchant_id=demo["merchant"],
                                customer_external_id="cus_late", customer_email="late@x.org",
                                now=clock.now(), secret_keys=app.config["GOODWORD_SECRET_KEYS"])
        db.session.commit()
    clock.advance(hours=25)
    page.goto(f"{live}/demo/shop")
    page.set_content(
        f'<main><script src="{live}/widget/v1/goodword.js" data-key="{demo["publishable_key"]}"'
        f' data-session="{issued.token}"></script></main>')
    widget.get_by_text("Sharing isn't available right now").wait_for()
    assert widget.get_by_role("button").count() == 0
    # The one member is the buyer of the order (every buyer is one); the widget made no other.
    assert (count(app, Order), shoppers(app)) == (1, 1)
