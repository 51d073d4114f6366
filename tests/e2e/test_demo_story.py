"""The demo story end to end, in a real Chromium: Ana buys a mug and shares her short link, a
friend follows it, is welcomed by Ana's name, buys a mug too, and the journey counts a first
order. Every write of the demo shop went through the public API with the demo's keys."""


from sqlalchemy import select

from core.db import db
from referrals.promoters.models import Promoter
from referrals.signups.models import Referral
from rewards.orders.models import Order
from tests.support.browser import sign_in
from tests.support.dashboard import make_user
from tests.support.demo_shop import PHONE, buy, watch


def test_ana_shares_a_friend_is_welcomed_buys_and_the_journey_shows_a_first_order(
        app, live, demo, context, browser, clock, artifacts):
    page = context.new_page()
    problems = watch(page)
    buy(page, live, email="ana@example.com", name="Ana Lima")
    widget = page.locator("goodword-widget")
    widget.get_by_role("button", name="10 out of 10").click()
    widget.get_by_role("heading", name="Share with friends").wait_for()
    link = widget.get_by_label("Your personal link").input_value()
    with app.app_context():
        ana = db.session.scalars(select(Promoter).where(Promoter.email == "ana@example.com")
                                 ).one()
        assert link == f"{live}/r/{ana.code}"  # the short link, not a signed token
        # Her order is recorded through POST /v1/orders, which made her a member.
        assert db.session.scalars(select(Order.customer_external_id)).all() == [
            ana.external_id]
    widget.get_by_role("button", name="Copy link").click()
    widget.get_by_role("button", name="Link copied").wait_for()

    friend = browser.new_context(viewport={"width": 390, "height": 800}, user_agent=PHONE)
    try:
        friend_page = friend.new_page()
        friend_page.goto(link)
        assert "/demo/shop?gw_click=clk_" in friend_page.url
        welcome = friend_page.get_by_role("status")
        assert welcome.inner_text() == ("You were referred by Ana. Welcome! "
                                        "Place your order and you get 500 points.")
        assert "ana@" not in friend_page.content() and "Lima" not in friend_page.content()
        friend_page.screenshot(path=artifacts / "demo-shop-referral-welcome.png",
                               full_page=True)
        clock.advance(seconds=90)  # a friend looks around before buying (fraud checks)
        buy(friend_page, live, email="ben@example.org", name="Ben", start=False)
    finally:
        friend.close()

    with app.app_context():
        referral = db.session.scalars(select(Referral)).one()
        assert (referral.promoter_id, referral.status) == (ana.id, "approved")
        bens = db.session.scalars(select(Order).where(Order.customer_email == "ben@example.org")
                                  ).one()
        assert (bens.promoter_id, bens.referral_id, bens.first_order, bens.amount) == (
            ana.id, referral.id, True, 1800)
    make_user(app, demo["merchant"], "owner@demo.example")
    clock.advance(seconds=1)
    owner = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        dashboard = owner.new_page()
        sign_in(dashboard, live, "owner@demo.example")
        funnel = dashboard.locator("#funnel")
        counts = {stage: funnel.locator(f'tr[data-stage="{stage}"] td.num').first.inner_text()
                  for stage in ("awareness", "subscribe", "convert")}
        assert counts == {"awareness": "1", "subscribe": "1", "convert": "1"}
        totals = dashboard.locator("#totals").inner_text()
        assert "1 first order and 0 repeat orders of referred customers" in totals, totals
        dashboard.screenshot(path=artifacts / "journey-after-demo-story.png", full_page=True)
    finally:
        owner.close()
    assert problems == []
