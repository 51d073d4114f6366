"""Steps and checks for the tests in a real Chromium: the window size, signing in to the
dashboard, and a listener for what the Content-Security-Policy refused."""

from tests.support.dashboard import PASSWORD

DESKTOP = {"width": 1280, "height": 900}


def sign_in(page, live, email: str) -> None:
    page.goto(f"{live}/dashboard/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live}/dashboard")


VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (event) => window.__violations.push(event.violatedDirective + " " + event.blockedURI));
"""


def assert_nothing_refused(page) -> None:
    assert page.evaluate("window.__violations") == [], page.url
    assert page.problems == [], page.url
