"""Two-factor sign-in: set up from the account page with a confirming code, asked for after
the password, codes accepted once, recovery codes spent once, the owner's rule for everyone,
and API keys untouched by any of it."""


from sqlalchemy import select

from core.db import db
from core.users.models import RecoveryCode, UserTwoFactor
from tests.support.dashboard import csrf_of, log_in, make_user
from tests.support.two_factor import RECOVERY_CODE, SECRET, app_code, enrol, second_step


def signed_in(client) -> bool:
    return client.get("/dashboard").status_code == 200


def test_setting_up_needs_a_code_from_the_app_and_shows_ten_codes_once(
        app, clock, owner_client):
    token = csrf_of(owner_client.get("/dashboard/account"))
    owner_client.post("/dashboard/account/two-factor/start", data={"csrf_token": token})
    page = owner_client.get("/dashboard/account/two-factor").get_data(as_text=True)
    assert "<svg" in page and "QR code for your authenticator app" in page
    secret = SECRET.search(page).group(1)
    wrong = owner_client.post("/dashboard/account/two-factor",
                              data={"csrf_token": token, "code": "000000"})
    assert wrong.status_code == 400 and "does not match" in wrong.get_data(as_text=True)
    assert "Off: your password alone" in owner_client.get("/dashboard/account").get_data(
        as_text=True)
    shown = owner_client.post("/dashboard/account/two-factor",
                              data={"csrf_token": token, "code": app_code(secret, clock)})
    text = shown.get_data(as_text=True)
    codes = RECOVERY_CODE.findall(text)
    assert shown.status_code == 200 and len(set(codes)) == 10
    account = owner_client.get("/dashboard/account").get_data(as_text=True)
    assert "10 of 10 recovery codes left" in account
    with app.app_context():
        stored = " ".join(row.code_digest for row in db.session.scalars(select(RecoveryCode)))
        sealed = db.session.scalars(select(UserTwoFactor)).one().secret_sealed
    assert not any(code.replace("-", "") in stored or code in stored for code in codes)
    assert secret not in sealed


def test_sign_in_asks_for_a_code_after_the_password(app, clock, owner, owner_client):
    secret, _ = enrol(owner_client, clock)
    browser = app.test_client()
    first = log_in(browser, owner)
    assert first.headers["Location"].endswith("/dashboard/login/code")
    assert not signed_in(browser)  # the password alone opens nothing
    assert second_step(browser, "123456").status_code == 401
    clock.advance(seconds=30)  # the enrolment spent this step's code
    right = second_step(browser, app_code(secret, clock))
    assert right.status_code == 302 and signed_in(browser)


def test_a_code_signs_in_once(app, clock, owner, owner_client):
    secret, _ = enrol(owner_client, clock)
    clock.advance(seconds=30)
    code = app_code(secret, clock)
    first, second = app.test_client(), app.test_client()
    log_in(first, owner)
    assert second_step(first, code).status_code == 302
    log_in(second, owner)
    assert second_step(second, code).status_code == 401  # seen over a shoulder: worthless
    assert not signed_in(second)


def test_a_recovery_code_signs_in_once(app, clock, owner, owner_client):
    _, codes = enrol(owner_client, clock)
    browser = app.test_client()
    log_in(browser, owner)
    used = second_step(browser, codes[3].upper().replace("-", " "))  # as copied from paper
    assert used.status_code == 302
    page = browser.get("/dashboard")
    assert page.status_code == 200 and "9 left" in page.get_data(as_text=True)
    again = app.test_client()
    log_in(again, owner)
    assert second_step(again, codes[3]).status_code == 401
    assert second_step(again, codes[4]).status_code == 302


def test_the_code_step_lasts_five_minutes(app, clock, owner, owner_client):
    secret, _ = enrol(owner_client, clock)
    browser = app.test_client()
    log_in(browser, owner)
    token = csrf_of(browser.get("/dashboard/login/code"))
    clock.advance(minutes=6)
    late = browser.post("/dashboard/login/code",
                        data={"csrf_token": token, "code": app_code(secret, clock)})
    assert late.headers["Location"].endswith("/dashboard/login") and not signed_in(browser)


def test_wrong_codes_are_limited_per_user(app, clock, owner, owner_client, monkeypatch):
    secret, _ = enrol(owner_client, clock)
    clock.advance(seconds=30)
    browser = app.test_client()
    log_in(browser, owner)
    statuses = [second_step(browser, "000000").status_code for _ in range(5)]
    assert statuses == [401] * 5
    # A fresh password step from another browser counts against the same user.
    other = app.test_client()
    log_in(other, owner)
    assert second_step(other, app_code(secret, clock)).status_code == 429
    assert not signed_in(other)


def test_the_owner_can_require_it_for_everyone_and_api_keys_carry_on(
        app, clock, merchant, owner_client):
    token = csrf_of(owner_client.get("/dashboard/account"))
    refused = owner_client.post("/dashboard/account/two-factor/everyone",
                                data={"csrf_token": token, "required": "on"})
    assert refused.status_code == 302  # not before the owner has it: they are told so
    assert "for yourself first" in owner_client.get("/dashboard/account").get_data(
        as_text=True)
    enrol(owner_client, clock)
    owner_client.post("/dashboard/account/two-factor/everyone",
                      data={"csrf_token": token, "required": "on"})
    make_user(app, merchant.id, "staff@acme.example", "staff")
    staff = app.test_client()
    assert log_in(staff, "staff@acme.example").headers["Location"].endswith("/login/code")
    page = staff.get("/dashboard/login/code").get_data(as_text=True)
    assert "requires a second step" in page and "<svg" in page
    assert not signed_in(staff)
    secret = SECRET.search(page).group(1)
    token = csrf_of(staff.get("/dashboard/login/code"))
    shown = staff.post("/dashboard/login/code",
                       data={"csrf_token": token, "code": app_code(secret, clock)})
    assert shown.status_code == 200 and shown.get_data(as_text=True).count("<li><code>") == 10
    assert signed_in(staff)
    staff_token = csrf_of(staff.get("/dashboard/account"))
    assert staff.post("/dashboard/account/two-factor/everyone",
                      data={"csrf_token": staff_token}).status_code == 403
    off = staff.post("/dashboard/account/two-factor/off",
                     data={"csrf_token": staff_token, "code": app_code(secret, clock, 1)})
    assert off.status_code == 302 and "stays on" in staff.get("/dashboard/account").get_data(
        as_text=True)
    assert app.test_client().get("/v1/merchant", headers=merchant.headers()).status_code == 200


def test_turning_it_off_takes_a_code(app, clock, owner, owner_client):
    secret, _ = enrol(owner_client, clock)
    token = csrf_of(owner_client.get("/dashboard/account"))
    refused = owner_client.post("/dashboard/account/two-factor/off",
                                data={"csrf_token": token, "code": "000000"})
    assert refused.status_code == 400
    clock.advance(seconds=30)
    owner_client.post("/dashboard/account/two-factor/off",
                      data={"csrf_token": token, "code": app_code(secret, clock)})
    assert log_in(app.test_client(), owner).headers["Location"].endswith("/dashboard")


def test_signed_out_the_account_steps_send_to_sign_in(app):
    browser = app.test_client()
    token = csrf_of(browser.get("/dashboard/login"))
    for path in ("/dashboard/account/two-factor/off", "/dashboard/account/two-factor/start",
                 "/dashboard/account/two-factor/recovery-codes",
                 "/dashboard/account/two-factor/everyone"):
        answer = browser.post(path, data={"csrf_token": token, "code": "123456"})
        assert answer.status_code == 302 and "/dashboard/login" in answer.headers["Location"]
    assert browser.get("/dashboard/login/code").headers["Location"].endswith("/dashboard/login")
