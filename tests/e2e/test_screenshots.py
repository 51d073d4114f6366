"""Screenshots as a habit: every dashboard page, the portal and the widget, at a phone's width
(390 px) and a desktop's (1280 px), on the demo's data and on `goodword seed` data. Each is
saved under tests/e2e/screenshots/ (git-ignored) to look at, and none may scroll sideways."""

from urllib.parse import urlsplit

import pytest

from core.db import db
from core.events.models import WebhookDelivery
from tests.support.browser import sign_in
from tests.support.dashboard import PASSWORD, make_user
from tests.support.screens import (
    ID_SEGMENT,
    WIDTHS,
    Shots,
    buy_in_demo_shop,
    dashboard_pages,
    printed_secret_key,
)
from tests.support.webhooks import Receiver, add_endpoint, deliver


@pytest.fixture
def context(browser, live):
    context = browser.new_context(viewport={"width": WIDTHS[-1], "height": 900})
    # Share links open the networks' pages in a new tab; answer them locally: no internet here.
    context.route("https://**/*", lambda route: route.fulfill(body="a social network"))
    yield context
    context.close()


class Secret:
    def __init__(self, key: str):
        self.secret = key

    def headers(self, **extra: str) -> dict:
        return {"Authorization": f"Bearer {self.secret}", **extra}


def widget_ready(page) -> None:
    page.locator("goodword-widget").get_by_role("heading").first.wait_for()


def portal_path(client, merchant, promoter_id: str) -> str:
    response = client.post(f"/v1/promoters/{promoter_id}/portal_sessions", json={},
                           headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    return urlsplit(response.get_json()["url"]).path


def visit_dashboard(shots, page, live) -> list[str]:
    pages = dashboard_pages(page, live)
    for url in pages:
        path = ID_SEGMENT.sub("/one", urlsplit(url).path.removeprefix("/dashboard"))
        name = "dashboard" + (path or "-journey")
        shots.visit(page, url, name, ready=widget_ready if url.endswith("/settings") else None)
    return pages


def test_every_page_on_the_demo_data(app, client, live, context, clock):
    seeded = app.test_cli_runner().invoke(args=["seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    merchant = Secret(printed_secret_key(seeded.output))
    shots = Shots("demo")
    page = context.new_page()
    shots.visit(page, f"{live}/", "landing")
    for link in ("Dashboard", "Demo shop", "Docs"):  # the landing page leads somewhere
        assert page.get_by_role("link", name=link).first.is_visible()
    # Its code lines wrap instead of being cut off at the box's edge.
    assert page.evaluate("[...document.querySelectorAll('pre')]"
                         ".every(pre => pre.scrollWidth <= pre.clientWidth)")

    # The demo story: a buyer answers the widget and shares; a friend follows her link and buys.
    link = None
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        buy_in_demo_shop(page, live, email=f"ana{width}@example.com", name="Ana")
        widget = page.locator("goodword-widget")
        widget.get_by_role("button", name="10 out of 10").wait_for()
        shots.check(page, "widget-question", width)
        widget.get_by_role("button", name="10 out of 10").click()
        widget.get_by_role("heading", name="Share with friends").wait_for()
        shots.check(page, "widget-share", width)
        link = widget.get_by_label("Your personal link").input_value()
    friend = context.browser.new_context()
    try:
        friend_page = friend.new_page()
        friend_page.goto(link)
        clock.advance(seconds=60)
        buy_in_demo_shop(friend_page, live, email="ben@example.org", name="Ben")
    finally:
        friend.close()

    # The shop approves the held signup; the hold period passes; Ana spends some points.
    for referral in client.get("/v1/referrals?status=pending_review",
                               headers=merchant.headers()).get_json()["data"]:
        assert client.post(f"/v1/referrals/{referral['id']}/approve", json={},
                           headers=merchant.headers()).status_code == 200
    clock.advance(days=31)
    assert app.test_cli_runner().invoke(args=["mature"]).exit_code == 0
    promoters = client.get("/v1/promoters", headers=merchant.headers()).get_json()["data"]
    ana = next(p for p in promoters if p["email"] == f"ana{WIDTHS[-1]}@example.com")
    assert client.post("/v1/redemptions", json={"promoter": ana["id"], "points": 300},
                       headers=merchant.headers()).status_code == 201
    portal = live + portal_path(client, merchant, ana["id"])
    shots.visit(page, portal, "portal", widths=(320, *WIDTHS))
    assert page.get_by_text("You used 300 points for").is_visible()
    shots.visit(page, portal + "?lang=de", "portal-de", widths=(320, 390))

    password = seeded.output.split("demo@goodword.test / ")[1].split()[0]
    page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
    sign_in_as(page, live, "demo@goodword.test", password)
    pages = visit_dashboard(shots, page, live)
    assert len(pages) >= 8, pages
    # The amount's hint follows the reward chosen, in the shop's words.
    page.goto(f"{live}/dashboard/program/rules/new")
    page.locator("#f-reward-type").select_option("percent_of_order")
    assert "percent of the order, like 10 for 10%" in page.get_by_label("How much").evaluate(
        "input => input.labels[0].innerText")
    assert shots.overflowing == [], "\n".join(shots.overflowing)


def sign_in_as(page, live, email: str, password: str) -> None:
    page.goto(f"{live}/dashboard/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live}/dashboard")


def test_every_page_on_seeded_data(app, client, live, context):
    seeded = app.test_cli_runner().invoke(args=[
        "seed", "--clicks", "3000", "--referrals", "600", "--promoters", "10", "--orders", "200",
        "--owner-password", PASSWORD])
    assert seeded.exit_code == 0, seeded.output
    merchant = Secret(printed_secret_key(seeded.output))
    failing = Receiver(lambda n: 500)
    try:
        add_endpoint(client, merchant, failing.url)
        client.post("/v1/promoters", json={"external_id": "cus_new", "email": "new@example.com"},
                    headers=merchant.headers())
        assert deliver(app) >= 1
    finally:
        failing.close()
    shots = Shots("seeded")
    page = context.new_page()
    sign_in(page, live, "owner@seeded-shop.test")
    pages = visit_dashboard(shots, page, live)
    assert any("/promoters/pro_" in url for url in pages), pages
    assert any("/webhooks/whe_" in url for url in pages), pages
    # The busiest promoter's portal: dozens of friends, nothing earned (seeded data has no rules).
    page.goto(f"{live}/dashboard/promoters")
    top = page.locator("table a[href*='/dashboard/promoters/pro_']").first.get_attribute("href")
    shots.visit(page, live + portal_path(client, merchant, top.rsplit("/", 1)[1]), "portal")
    assert shots.overflowing == [], "\n".join(shots.overflowing)


def test_the_nps_row_stays_on_one_line_down_to_320px(app, live, context):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": 700})
    buy_in_demo_shop(page, live, email="ana@example.com", name="Ana")
    widget = page.locator("goodword-widget")
    widget.get_by_role("button", name="10 out of 10").wait_for()
    for width in (320, 360, 390, 768, 1280):
        page.set_viewport_size({"width": width, "height": 700})
        tops = {round(widget.get_by_role("button", name=f"{n} out of 10", exact=True)
                      .bounding_box()["y"])
                for n in range(11)}
        assert len(tops) == 1, (width, tops)
        assert page.evaluate("document.documentElement.scrollWidth") <= width




def test_the_delivery_log_stays_readable_with_long_answers(app, client, live, context, merchant):
    """25 deliveries whose receiver answered a page of text: each row stays one or two lines
    (the answer column is fixed and cut short), and the whole answer opens on demand."""
    endpoint = add_endpoint(client, merchant, "http://127.0.0.1:9/hooks")
    for n in range(25):
        client.post("/v1/promoters", json={"external_id": f"cus_{n}"}, headers=merchant.headers())
    with app.app_context():
        for delivery in db.session.query(WebhookDelivery).all():
            delivery.last_response = "<html><body>" + "Service unavailable. " * 20 + "</body>"
        db.session.commit()
    make_user(app, merchant.id, "owner@acme.example", "owner")
    page = context.new_page()
    sign_in(page, live, "owner@acme.example")
    shots = Shots("long-answers")
    url = f"{live}/dashboard/developers/webhooks/{endpoint['id']}"
    for width in WIDTHS:
        shots.visit(page, url, "delivery-log", widths=(width,))
        heights = page.eval_on_selector_all("table.log tbody tr",
                                            "rows => rows.map(r => r.offsetHeight)")
        assert len(heights) == 25 and max(heights) < 120, (width, heights)
    answer = page.locator("table.log td.answer details").first
    answer.locator("summary").click()
    assert "Service unavailable. " * 20 in answer.inner_text()
    assert shots.overflowing == [], shots.overflowing
