"""Every kind of page, in a real browser, under the app's Content-Security-Policy: nothing is
refused (no CSP violation, no console error) and each page still works: the API docs render
their operations, the dashboard its charts, the portal its balance, the widget its panel."""

import pytest

from tests.support.browser import DESKTOP, VIOLATIONS, assert_nothing_refused, sign_in
from tests.support.dashboard import make_user
from tests.support.referrals import click, enroll, sign_up


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.problems = []
    # Resources that fail are judged by URL below (browsers ask for /favicon.ico on their own).
    page.on("console", lambda message: message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and page.problems.append(message.text))
    page.on("response", lambda response: response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and response.request.resource_type != "document"
            and page.problems.append(f"{response.status} {response.url}"))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def test_docs_landing_dashboard_and_portal_work_under_the_policy(app, client, live, page,
                                                                 merchant, artifacts):
    page.goto(f"{live}/")
    assert page.get_by_role("heading", name="Goodword is running").is_visible()
    assert_nothing_refused(page)
    page.goto(f"{live}/v1/docs")
    page.get_by_text("/v1/promoters/{promoter_id}/balance").first.wait_for()
    page.screenshot(path=str(artifacts / "docs-under-csp.png"))
    assert_nothing_refused(page)
    promoter = enroll(client, merchant)
    sign_up(client, merchant, click_id=click(client, f"/r/{promoter['code']}"),
            referee_email="ben@example.com")
    make_user(app, merchant.id, "owner@acme.example", "owner")
    sign_in(page, live, "owner@acme.example")
    assert page.locator("svg").count() >= 1
    assert_nothing_refused(page)
    for path in ("/dashboard/promoters", f"/dashboard/promoters/{promoter['id']}",
                 "/dashboard/program", "/dashboard/review", "/dashboard/developers",
                 "/dashboard/users", "/dashboard/account", "/dashboard/settings"):
        assert page.goto(f"{live}{path}").status == 200, path
        if path == "/dashboard/settings":
            # The live preview is the real widget script, styled through its Shadow DOM.
            page.locator("goodword-widget").get_by_role("heading").first.wait_for()
        assert_nothing_refused(page)
    portal = client.post(f"/v1/promoters/{promoter['id']}/portal_sessions", json={},
                         headers=merchant.headers()).get_json()["url"]
    page.goto(portal)
    assert page.get_by_text(promoter["code"]).first.is_visible()
    assert_nothing_refused(page)


def test_the_built_docs_work_under_the_policy(live, page, artifacts):
    """The MkDocs site `make docs` built (make test builds it first), served at /docs/: its
    inline scripts carry the nonce, and its search answers."""
    from api.pages.landing import DOCS_SITE

    if not (DOCS_SITE / "index.html").exists():
        pytest.skip("the docs are not built: make docs")
    page.goto(f"{live}/docs/")
    assert page.get_by_role("heading", name="Goodword").first.is_visible()
    page.goto(f"{live}/docs/contributing/architecture/")
    assert page.get_by_role("heading", name="Five questions, five files").is_visible()
    page.screenshot(path=str(artifacts / "docs-site-under-csp.png"))
    assert_nothing_refused(page)
