"""Dashboard sessions end on the server: a copied cookie is refused after signing out, signing
out everywhere or a password change, and every session ends when idle or old."""

from tests.support.dashboard import PASSWORD, csrf_of, log_in

COOKIE = "session"


def copy_cookie(source, target) -> None:
    cookie = source.get_cookie(COOKIE)
    assert cookie is not None
    target.set_cookie(COOKIE, cookie.value, domain=cookie.domain)


def test_a_copied_cookie_is_refused_after_logout(app, owner_client):
    stolen = app.test_client()
    copy_cookie(owner_client, stolen)
    assert stolen.get("/dashboard/developers").status_code == 200
    token = csrf_of(owner_client.get("/dashboard"))
    assert owner_client.post("/dashboard/logout", data={"csrf_token": token}).status_code == 302
    refused = stolen.get("/dashboard/developers")
    assert refused.status_code == 302 and refused.headers["Location"].startswith(
        "/dashboard/login")


def test_signing_out_everywhere_ends_every_browser(app, owner, owner_client):
    phone = app.test_client()
    assert log_in(phone, owner).status_code == 302
    stolen = app.test_client()
    copy_cookie(owner_client, stolen)
    page = owner_client.get("/dashboard/account")
    assert "Sign out everywhere" in page.get_data(as_text=True)
    response = owner_client.post("/dashboard/account/sign-out-everywhere",
                                 data={"csrf_token": csrf_of(page)})
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard/login"
    for browser in (owner_client, phone, stolen):
        assert browser.get("/dashboard").status_code == 302
    assert log_in(app.test_client(), owner).status_code == 302  # the password still works


def test_a_password_change_ends_copies_of_this_browsers_cookie_too(app, owner_client):
    stolen = app.test_client()
    copy_cookie(owner_client, stolen)
    token = csrf_of(owner_client.get("/dashboard/account"))
    changed = owner_client.post("/dashboard/account", data={
        "current_password": PASSWORD, "new_password": "a new long password", "csrf_token": token,
    })
    assert changed.status_code == 302
    assert owner_client.get("/dashboard").status_code == 200
    assert stolen.get("/dashboard").status_code == 302


def test_a_session_ends_after_30_idle_minutes(app, owner_client, clock):
    for _ in range(3):  # busy for 87 minutes: each request moves the idle timeout on
        clock.advance(minutes=29)
        assert owner_client.get("/dashboard").status_code == 200
    clock.advance(minutes=31)
    assert owner_client.get("/dashboard").status_code == 302


def test_a_session_ends_12_hours_after_sign_in_however_busy(app, owner_client, clock):
    for _ in range(47):
        clock.advance(minutes=15)
        assert owner_client.get("/dashboard").status_code == 200
    clock.advance(minutes=15)  # 12 hours after signing in
    assert owner_client.get("/dashboard").status_code == 302


def test_the_worker_forgets_ended_sessions_and_old_sign_in_counts(app, owner, clock):
    from sqlalchemy import func, select

    from api.cli.worker import Worker
    from core.db import db
    from core.users.models import DashboardSession, SignInBucket

    def rows(model) -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(model))

    assert log_in(app.test_client(), owner).status_code == 302
    assert log_in(app.test_client(), owner, "wrong guess").status_code == 401
    assert (rows(DashboardSession), rows(SignInBucket)) == (1, 2)  # address and account
    Worker(app).run_jobs()
    assert (rows(DashboardSession), rows(SignInBucket)) == (1, 2)
    clock.advance(hours=1)
    Worker(app).run_jobs()
    assert (rows(DashboardSession), rows(SignInBucket)) == (0, 0)
