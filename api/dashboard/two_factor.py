"""Two-factor sign-in in the dashboard: the second step of signing in, setting up an
authenticator app from the account page, recovery codes, and the owner's "everyone" switch.

After the right password, a user with two-factor sign-in (or whose merchant requires it) is
not signed in: the session holds only who is half-way, bound to their session version, for
five minutes. The code step then signs them in, or, if the merchant requires a second factor
they have not set up, makes them set it up first. The rules live in core/users/two_factor.py.
"""

from datetime import datetime, timedelta

import segno
from flask import current_app, flash, redirect, render_template, request, session, url_for
from markupsafe import Markup

from api.dashboard.blueprint import blp
from api.dashboard.session import (
    current_user,
    login_required,
    owner_required,
    safe_next,
    sign_in,
)
from api.guards.limits import limiter
from api.request.context import credentials_secrets, now
from core.db import db
from core.errors import GoodwordError
from core.merchants.models import Merchant
from core.users import two_factor
from core.users.models import MerchantUser

PENDING = "two_factor_pending"
PENDING_LIFETIME = timedelta(minutes=5)


# --- The sign-in step --------------------------------------------------------------------------

def second_step_needed(user: MerchantUser) -> bool:
    return two_factor.is_required(db.session, user=user)


def ask_for_code(user: MerchantUser, *, next_page: str | None):
    """Called by the sign-in view once the password is right: remember who is half-way and send
    them to the code step (a user who must set up an app first gets a fresh secret for it)."""
    session.clear()  # nothing from before the password survives, as in sign_in
    session[PENDING] = {"user_id": user.id, "version": user.session_version,
                        "until": (now() + PENDING_LIFETIME).isoformat(),
                        "next": next_page or ""}
    if not two_factor.is_enabled(db.session, user=user):
        two_factor.start_enrolment(db.session, user=user, secrets=credentials_secrets(),
                                   now=now())
    return redirect(url_for("dashboard.two_factor_sign_in"))


def _pending_user() -> MerchantUser | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    try:
        until = datetime.fromisoformat(pending["until"])
        user = db.session.get(MerchantUser, pending["user_id"])
    except (KeyError, TypeError, ValueError):
        return None
    if user is None or until < now() or user.session_version != pending.get("version"):
        return None
    return user


def _code_limit() -> str:
    return current_app.config["DASHBOARD_TWO_FACTOR_RATE_LIMIT"]


def _code_attempt() -> str:
    """Per half-signed-in user, whatever the address: the password is already known."""
    pending = session.get(PENDING)
    user_id = pending.get("user_id") if isinstance(pending, dict) else None
    return f"dashboard-two-factor:{user_id or request.remote_addr}"


@blp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_code_limit, key_func=_code_attempt, methods=["POST"],
               deduct_when=lambda response: response.status_code in (400, 401))
def two_factor_sign_in():
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash("Sign in again: the code step lasts five minutes.")
        return redirect(url_for("dashboard.login"))
    secrets = credentials_secrets()
    if not two_factor.is_enabled(db.session, user=user):
        return _enrol_while_signing_in(user)
    if request.method == "GET":
        return render_template("dashboard/two_factor_code.html")
    try:
        used = two_factor.verify(db.session, user=user, code=request.form.get("code", ""),
                                 secrets=secrets, now=now())
    except GoodwordError as exc:
        return render_template("dashboard/two_factor_code.html", error=exc.message), 401
    next_page = session[PENDING].get("next")
    sign_in(user)
    if used == "recovery_code":
        left = two_factor.recovery_codes_left(db.session, user=user)
        flash(f"You signed in with a recovery code; {left} left. Make new ones on your "
              "account page if you are running out.")
    return redirect(safe_next(next_page))


def _enrol_while_signing_in(user: MerchantUser):
    """The merchant requires a second factor this user has not set up: set it up, then in."""
    secret = two_factor.pending_secret(db.session, user=user, secrets=credentials_secrets())
    if secret is None:
        return redirect(url_for("dashboard.login"))
    if request.method == "GET":
        return _setup_page(user, secret, required=True)
    try:
        codes = two_factor.confirm_enrolment(
            db.session, user=user, code=request.form.get("code", ""),
            secrets=credentials_secrets(), now=now())
    except GoodwordError as exc:
        return _setup_page(user, secret, required=True, error=exc.message), 400
    next_page = session[PENDING].get("next")
    sign_in(user)
    return render_template("dashboard/two_factor_codes.html", codes=codes,
                           continue_to=safe_next(next_page))


# --- The account page --------------------------------------------------------------------------

@blp.context_processor
def _two_factor_status():
    """`two_factor_status()` in templates: what the account page shows about the user's."""
    return {"two_factor_status": lambda: account_context(current_user())}


def account_context(user: MerchantUser) -> dict:
    """Whether two-factor sign-in is on, recovery codes left, and the merchant's choice."""
    enabled = two_factor.is_enabled(db.session, user=user)
    return {"two_factor_enabled": enabled,
            "recovery_codes_left": two_factor.recovery_codes_left(db.session, user=user),
            "everyone_required": _everyone_required(user)}


def _everyone_required(user: MerchantUser) -> bool:
    return db.session.get_one(Merchant, user.merchant_id).require_two_factor


@blp.post("/account/two-factor/start")
@login_required
def two_factor_start():
    try:
        two_factor.start_enrolment(db.session, user=current_user(),
                                   secrets=credentials_secrets(), now=now())
    except GoodwordError as exc:
        flash(exc.message)
        return redirect(url_for("dashboard.account"))
    return redirect(url_for("dashboard.two_factor_setup"))


@blp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    user = current_user()
    secret = two_factor.pending_secret(db.session, user=user, secrets=credentials_secrets())
    if secret is None:
        return redirect(url_for("dashboard.account"))
    if request.method == "GET":
        return _setup_page(user, secret, required=False)
    try:
        codes = two_factor.confirm_enrolment(
            db.session, user=user, code=request.form.get("code", ""),
            secrets=credentials_secrets(), now=now())
    except GoodwordError as exc:
        return _setup_page(user, secret, required=False, error=exc.message), 400
    return render_template("dashboard/two_factor_codes.html", codes=codes,
                           continue_to=url_for("dashboard.account"))


def _account_attempt() -> str:
    """The same allowance as the sign-in step's: one count per user for wrong codes."""
    user = current_user()
    return f"dashboard-two-factor:{user.id if user else request.remote_addr}"


def _code_refused(user: MerchantUser):
    """Changing the second factor takes a current code from it (or a recovery code): a
    borrowed, signed-in browser alone cannot turn it off. None when the code was right."""
    try:
        two_factor.verify(db.session, user=user, code=request.form.get("code", ""),
                          secrets=credentials_secrets(), now=now())
    except GoodwordError as exc:
        return render_template("dashboard/account.html", error_two_factor=exc.message), 400
    return None


@blp.post("/account/two-factor/recovery-codes")
@login_required
@limiter.limit(_code_limit, key_func=_account_attempt,
               deduct_when=lambda response: response.status_code == 400)
def two_factor_new_codes():
    user = current_user()
    refused = _code_refused(user)
    if refused is not None:
        return refused
    codes = two_factor.new_recovery_codes(db.session, user=user, now=now())
    return render_template("dashboard/two_factor_codes.html", codes=codes,
                           continue_to=url_for("dashboard.account"))


@blp.post("/account/two-factor/off")
@login_required
@limiter.limit(_code_limit, key_func=_account_attempt,
               deduct_when=lambda response: response.status_code == 400)
def two_factor_off():
    user = current_user()
    if _everyone_required(user):
        flash("Your merchant requires two-factor sign-in for everyone: it stays on.")
        return redirect(url_for("dashboard.account"))
    refused = _code_refused(user)
    if refused is not None:
        return refused
    two_factor.disable(db.session, user=user)
    flash("Two-factor sign-in is off: your password alone signs you in now.")
    return redirect(url_for("dashboard.account"))


@blp.post("/account/two-factor/everyone")
@owner_required
def two_factor_everyone():
    try:
        two_factor.set_required(db.session, owner=current_user(),
                                required=request.form.get("required") == "on")
    except GoodwordError as exc:
        flash(exc.message)
        return redirect(url_for("dashboard.account"))
    flash("Saved: how everyone at this merchant signs in.")
    return redirect(url_for("dashboard.account"))


def _setup_page(user: MerchantUser, secret: str, *, required: bool, error: str | None = None):
    uri = two_factor.provisioning_uri(user=user, secret=secret)
    # Drawn here as inline SVG: no image request, no third-party QR service seeing the secret.
    qr = Markup(segno.make(uri, error="m").svg_inline(
        scale=4, dark="#000", light="#fff",
        title="QR code for your authenticator app", omitsize=False))
    return render_template("dashboard/two_factor_setup.html", qr=qr, secret=secret,
                           required=required, error=error,
                           action=url_for("dashboard.two_factor_sign_in") if required
                           else url_for("dashboard.two_factor_setup"))
