"""Two-factor sign-in in a real Chromium: set up from the account page with the QR code's
key, then sign in with a code from the app, and again with a recovery code."""

from tests.support.browser import DESKTOP, VIOLATIONS, sign_in
from tests.support.dashboard import PASSWORD, make_user
from tests.support.two_factor import app_code

EMAIL = "owner@acme.example"


def password_step(page, live) -> None:
    page.goto(f"{live}/dashboard/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live}/dashboard/login/code")


def sign_out(page, live) -> None:
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url(f"{live}/dashboard/login")


def test_enrol_then_sign_in_with_a_code_and_with_a_recovery_code(
        app, clock, live, browser, artifacts, merchant):
    make_user(app, merchant.id, EMAIL, "owner")
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(VIOLATIONS)  # the inline QR code must pass the page's CSP
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(request.url))
    sign_in(page, live, EMAIL)

    page.get_by_role("link", name=f"{EMAIL} (owner)").click()
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    page.wait_for_url(f"{live}/dashboard/account/two-factor")
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    box = qr.bounding_box()
    assert qr.is_visible() and box["width"] >= 120 and box["width"] == box["height"]
    secret = page.locator("#two-factor-secret").inner_text()
    page.screenshot(path=str(artifacts / "two-factor-setup.png"), full_page=True)
    assert page.evaluate("window.__violations") == []
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert "does not match" in page.get_by_role("alert").inner_text()
    page.get_by_label("Code from the app").fill(app_code(secret, clock))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    codes = page.locator("ol.recovery-codes li").all_inner_texts()
    assert len(set(codes)) == 10
    page.get_by_role("link", name="I have saved them: continue").click()
    assert page.get_by_text("10 of 10 recovery codes left").is_visible()

    sign_out(page, live)
    password_step(page, live)
    page.goto(f"{live}/dashboard/promoters")  # the password alone opens nothing
    assert page.url.startswith(f"{live}/dashboard/login")
    page.goto(f"{live}/dashboard/login/code")
    clock.advance(seconds=30)  # the app shows its next code
    page.get_by_label("Code").fill(app_code(secret, clock))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live}/dashboard")
    assert page.get_by_role("heading", name="Customer journey").is_visible()

    sign_out(page, live)
    password_step(page, live)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live}/dashboard")
    assert "9 left" in page.get_by_role("status").inner_text()
    page.goto(f"{live}/dashboard/account")
    assert page.get_by_text("9 of 10 recovery codes left").is_visible()
    assert problems == []
    context.close()
