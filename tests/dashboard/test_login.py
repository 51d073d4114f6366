"""Signing in to the dashboard: passwords, sessions, CSRF, roles, and HTML error pages."""

from sqlalchemy import func, select

from core.db import db
from core.users.models import MerchantUser
from tests.support.dashboard import PASSWORD, csrf_of, log_in, make_user


def test_every_page_needs_a_signed_in_user(client):
    for path in ("/dashboard", "/dashboard/promoters", "/dashboard/review",
                 "/dashboard/users", "/dashboard/account", "/dashboard/promoters/pro_x"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/dashboard/login?next=")


def test_the_right_password_signs_in_and_the_cookie_is_guarded(client, owner):
    response = log_in(client, owner)
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # PUBLIC_URL is plain http in the tests
    page = client.get("/dashboard")
    assert page.status_code == 200 and "Customer journey" in page.get_data(as_text=True)


def test_a_wrong_password_or_unknown_email_fails_politely(client, owner):
    for email, password in ((owner, "not the password"), ("nobody@acme.example", PASSWORD)):
        response = log_in(client, email, password)
        assert response.status_code == 401
        assert "Wrong email or password." in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_next_never_leaves_the_dashboard(client, owner):
    token = csrf_of(client.get("/dashboard/login"))
    response = client.post("/dashboard/login", data={
        "email": owner, "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x",
    })
    assert response.headers["Location"] == "/dashboard"


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(app, owner_client):
    before = _users(app)
    for token in (None, "forged"):
        data = {"email": "new@acme.example", "password": PASSWORD, "role": "staff"}
        if token:
            data["csrf_token"] = token
        response = owner_client.post("/dashboard/users", data=data)
        assert response.status_code == 400
        assert response.mimetype == "text/html"
        assert "did not come from this site" in response.get_data(as_text=True)
    assert _users(app) == before
    login = app.test_client().post("/dashboard/login",
                                   data={"email": "owner@acme.example", "password": PASSWORD})
    assert login.status_code == 400


def test_staff_cannot_manage_users(app, client, merchant):
    make_user(app, merchant.id, "staff@acme.example", "staff")
    log_in(client, "staff@acme.example")
    assert client.get("/dashboard").status_code == 200
    response = client.get("/dashboard/users")
    assert response.status_code == 403 and response.mimetype == "text/html"
    token = csrf_of(client.get("/dashboard"))
    refused = client.post("/dashboard/users", data={
        "email": "sneaky@acme.example", "password": PASSWORD, "role": "owner", "csrf_token": token,
    })
    assert refused.status_code == 403
    assert "Users</a>" not in client.get("/dashboard").get_data(as_text=True)


def test_an_owner_adds_a_staff_user_who_can_sign_in(app, owner_client):
    token = csrf_of(owner_client.get("/dashboard/users"))
    response = owner_client.post("/dashboard/users", data={
        "email": "Staff@Acme.example", "password": PASSWORD, "role": "staff", "csrf_token": token,
    })
    assert response.status_code == 302
    assert "staff@acme.example" in owner_client.get("/dashboard/users").get_data(as_text=True)
    assert log_in(app.test_client(), "staff@acme.example").status_code == 302


def test_changing_the_password_signs_out_other_browsers(app, owner, owner_client):
    other = app.test_client()
    log_in(other, owner)
    token = csrf_of(owner_client.get("/dashboard/account"))
    wrong = owner_client.post("/dashboard/account", data={
        "current_password": "nope", "new_password": "a new long password", "csrf_token": token,
    })
    assert wrong.status_code == 400
    changed = owner_client.post("/dashboard/account", data={
        "current_password": PASSWORD, "new_password": "a new long password", "csrf_token": token,
    })
    assert changed.status_code == 302
    assert owner_client.get("/dashboard").status_code == 200
    assert other.get("/dashboard").status_code == 302
    assert log_in(app.test_client(), owner, "a new long password").status_code == 302
    assert log_in(app.test_client(), owner).status_code == 401


def test_logout_ends_the_session(owner_client):
    token = csrf_of(owner_client.get("/dashboard"))
    assert owner_client.post("/dashboard/logout", data={"csrf_token": token}).status_code == 302
    assert owner_client.get("/dashboard").status_code == 302


def test_dashboard_errors_are_pages_and_the_api_keeps_json(owner_client):
    missing = owner_client.get("/dashboard/no-such-page")
    assert missing.status_code == 404 and missing.mimetype == "text/html"
    assert "Not found" in missing.get_data(as_text=True)
    api = owner_client.get("/v1/no-such-route")
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "route_not_found"


def test_create_user_command_prompts_for_the_password(app, merchant):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", merchant.id, "cli@acme.example", "--role",
                                 "owner"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert log_in(app.test_client(), "cli@acme.example").status_code == 302
    short = runner.invoke(args=["create-user", merchant.id, "x@acme.example"],
                          input="short\nshort\n")
    assert short.exit_code != 0 and "10 characters" in short.output


def test_seed_demo_creates_the_demo_owner_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "demo@goodword.test /" in line)
    password = line.split(" / ")[1].split()[0]
    assert log_in(app.test_client(), "demo@goodword.test", password).status_code == 302
    again = runner.invoke(args=["seed-demo"])
    assert "password unchanged" in again.output
    assert log_in(app.test_client(), "demo@goodword.test", password).status_code == 302


def _users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(MerchantUser))
