"""Who is signed in to the dashboard, and the CSRF token every form carries.

Flask's session is a signed cookie (SECRET_KEY, verified against SECRET_KEY_FALLBACKS too, so
rotating the key does not sign everyone out). It holds ids only: the user, their merchant, the
user's session version (a password change bumps it), the CSRF token, and the token of a server
session (core/users/sessions.py), which signing out deletes and which ends when idle or old.
"""

import functools
import hmac
import secrets
from datetime import timedelta

from flask import abort, current_app, g, redirect, request, session, url_for

from api.request.context import now
from api.request.unit_of_work import current_unit_of_work
from core.db import db
from core.users import sessions as sessions_service
from core.users.models import MerchantUser

CSRF_FIELD = "csrf_token"


def csrf_token() -> str:
    """This session's token, made on first use (the login form already carries one)."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """Every state-changing request must echo the session's token: another site can make the
    browser post a form here, with our cookie, but cannot read the token to put in it."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    expected = session.get("csrf")
    given = request.form.get(CSRF_FIELD, "")
    if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
        abort(400, description="The form has expired or did not come from this site. "
                               "Reload the page and try again.")


def session_lifetimes(config) -> sessions_service.SessionLifetimes:
    return sessions_service.SessionLifetimes(
        idle=timedelta(minutes=config["DASHBOARD_SESSION_IDLE_MINUTES"]),
        absolute=timedelta(hours=config["DASHBOARD_SESSION_MAX_HOURS"]))


def lifetimes() -> sessions_service.SessionLifetimes:
    return session_lifetimes(current_app.config)


def sign_in(user: MerchantUser) -> None:
    # A fresh session (and CSRF token) at every sign-in: nothing chosen before it survives.
    session.clear()
    session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME, not at browser close
    session["user_id"] = user.id
    session["merchant_id"] = user.merchant_id
    session["version"] = user.session_version
    session["sid"] = sessions_service.start(db.session, user=user, now=now(),
                                            lifetimes=lifetimes())
    session["csrf"] = secrets.token_urlsafe(32)
    g.pop("dashboard_user", None)


def sign_out() -> None:
    """End this browser's session on the server too: a copy of the cookie stops working."""
    sessions_service.end(db.session, token=session.get("sid", ""))
    session.clear()
    g.pop("dashboard_user", None)


def sign_out_everywhere(user: MerchantUser) -> None:
    sessions_service.end_all(db.session, user_id=user.id)
    session.clear()
    g.pop("dashboard_user", None)


def current_user() -> MerchantUser | None:
    if "dashboard_user" in g:
        return g.dashboard_user
    user = None
    user_id = session.get("user_id")
    if user_id:
        user = db.session.get(MerchantUser, user_id)
        if user is None or user.session_version != session.get("version") or (
            user.merchant_id != session.get("merchant_id")
        ) or not _live_session(user):
            user = None
    g.dashboard_user = user
    return user


def _live_session(user: MerchantUser) -> bool:
    """The cookie's server session exists, belongs to `user`, and has not timed out. Its touch
    (or the deletion of a timed-out one) is kept even on a read: the idle timeout counts from
    the last request, whatever it was."""
    found = sessions_service.find(db.session, token=session.get("sid", ""), now=now(),
                                  lifetimes=lifetimes())
    if found.wrote:
        current_unit_of_work().commit()
    return found.row is not None and found.row.user_id == user.id


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for("dashboard.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def owner_required(view):
    """Keys and users are the owner's: staff run the program but cannot hand out access."""

    @functools.wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user().is_owner:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def safe_next(target: str | None) -> str:
    """Only a path inside the dashboard: never an open redirect to another site."""
    if target and target.startswith("/dashboard") and not target.startswith("//"):
        return target
    return url_for("dashboard.journey")


