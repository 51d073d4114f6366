"""Signing in and out, changing one's password, and (owners only) the merchant's users."""

from flask import current_app, flash, redirect, render_template, request, url_for

from api.dashboard import two_factor
from api.dashboard.blueprint import blp
from api.dashboard.session import (
    current_user,
    login_required,
    owner_required,
    safe_next,
    sign_in,
    sign_out,
)
from api.guards.limits import limiter
from api.request.context import now
from core.db import db
from core.errors import GoodwordError
from core.users import service as users_service


def _login_limit() -> str:
    return current_app.config["DASHBOARD_LOGIN_RATE_LIMIT"]


def _login_attempt() -> str:
    # Per address and account: guessing one merchant's password is slowed without letting a
    # stranger lock the owner out from everywhere else.
    email = users_service.normalize_email(request.form.get("email", ""))
    return f"dashboard-login:{request.remote_addr}:{email}"


@blp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, key_func=_login_attempt, methods=["POST"],
               deduct_when=lambda response: response.status_code == 401)
def login():
    """Only failed attempts count towards the limit; past it even the right password waits."""
    if request.method == "GET":
        return render_template("dashboard/login.html", next=request.args.get("next", ""))
    try:
        user = users_service.authenticate(
            db.session, email=request.form.get("email", ""),
            password=request.form.get("password", ""),
        )
    except GoodwordError as exc:
        db.session.rollback()
        return render_template(
            "dashboard/login.html", error=exc.message, email=request.form.get("email", ""),
            next=request.form.get("next", ""),
        ), 401
    # Two-factor sign-in (api/dashboard/two_factor.py): the password was only the first step.
    if two_factor.second_step_needed(user):
        return two_factor.ask_for_code(user, next_page=request.form.get("next"))
    sign_in(user)
    return redirect(safe_next(request.form.get("next")))


@blp.post("/logout")
def logout():
    sign_out()
    return redirect(url_for("dashboard.login"))


@blp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    if request.method == "GET":
        return render_template("dashboard/account.html")
    try:
        user = users_service.change_password(
            db.session, user=current_user(),
            current_password=request.form.get("current_password", ""),
            new_password=request.form.get("new_password", ""),
        )
    except GoodwordError as exc:
        db.session.rollback()
        return render_template("dashboard/account.html", error=exc.message), 400
    sign_in(user)  # this browser stays signed in; every other session has just ended
    flash("Your password was changed. Other browsers have been signed out.")
    return redirect(url_for("dashboard.account"))


@blp.route("/users", methods=["GET", "POST"])
@owner_required
def users():
    merchant_id = current_user().merchant_id
    error = None
    if request.method == "POST":
        try:
            created = users_service.create_user(
                db.session, merchant_id=merchant_id, email=request.form.get("email", ""),
                password=request.form.get("password", ""), role=request.form.get("role", ""),
                now=now(),
            )
        except GoodwordError as exc:
            db.session.rollback()
            error = exc.message
        else:
            flash(f"{created.email} can now sign in as {created.role}.")
            return redirect(url_for("dashboard.users"))
    listed = users_service.list_users(db.session, merchant_id=merchant_id)
    return render_template("dashboard/users.html", users=listed, error=error,
                           roles=users_service.ROLES), (400 if error else 200)
