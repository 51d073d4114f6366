"""GET /r/<token-or-code>: a click on a referral link, recorded, then sent on to the shop.

No API key: shoppers follow these links from anywhere. Two first-party cookies are set on
Goodword's host, both HttpOnly and SameSite=Lax (sent on the top-level navigation that follows a
link, never on third-party subrequests):

- `gw_vid`, a random visitor id kept for 400 days (the most browsers allow), set when absent, so
  repeated clicks from one browser can be told apart from many browsers;
- `gw_click`, the click id of the browser's first valid click, kept for the merchant's
  attribution window: a later click on another link of the same merchant inside the window is
  recorded, but the shop is handed the first click's id and the cookie is left alone
  (referrals/clicks/first_click.py; merchants on the last_click policy get the latest click).

The shop lives on another host and cannot read those cookies, so a valid click's id also travels
in the redirect as `?gw_click=clk_...` for the storefront to keep until the friend signs up.

The response is sent only once the click is committed. On PostgreSQL the click goes through the
process's group-commit writer (`referrals/clicks/writer.py`), which commits it with the other
clicks that arrived meanwhile before this request answers (CLICK_GROUP_COMMIT=0 turns that off).
On SQLite, or with it off, the click is inserted in the request's unit of work, which the request
boundary commits (`api/request/unit_of_work.py`: this GET is marked `@writes_on_read`, as a click is
a GET by nature).
Tests check the click survives the request, and that the server killed under load has every
acknowledged click (tests/integration/test_click_durability.py).
"""

import functools
import re
import time
from datetime import datetime, timedelta
from email.utils import formatdate

from flask import Blueprint, Response, current_app, request

from api.request.context import group_commit_writer, ip_hash_secret, now, secret_keys
from api.request.unit_of_work import writes_on_read
from core.db import db
from referrals.clicks import first_click
from referrals.clicks import service as clicks_service
from referrals.clicks.writer import ClickWriter
from referrals.links import service as links

blp = Blueprint("redirects", __name__)

VISITOR_COOKIE = "gw_vid"
ATTRIBUTION_COOKIE = "gw_click"
VISITOR_LIFETIME = timedelta(days=400)


def link_url(
    *, merchant_id: str, promoter_id: str, campaign: str | None = None,
    channel: str | None = None, signed_at: datetime | None = None,
) -> str:
    """The public, signed referral link of a promoter, signed now unless `signed_at` is given.

    When links expire (REFERRAL_LINK_MAX_AGE_DAYS), `signed_at` is ignored: a link handed out
    today must live its full age, not die because its promoter enrolled long ago.
    """
    if link_max_age() is not None:
        signed_at = None
    token = links.sign_link(
        secret_keys=secret_keys(),
        merchant_id=merchant_id,
        promoter_id=promoter_id,
        campaign=campaign,
        channel=channel,
        now=signed_at or now(),
    )
    return f"{current_app.config['PUBLIC_URL']}/r/{token}"


def code_url(code: str) -> str:
    """The short link that names a promoter by code: easy to read aloud, but unsigned."""
    return f"{current_app.config['PUBLIC_URL']}/r/{code}"


@blp.get("/r/<link>")
@writes_on_read
def follow(link: str) -> Response:
    """Record the click, set the cookies, and send the shopper to the merchant's shop."""
    # Most clicks come from browsers new to Goodword, with no cookies and no query: the headers
    # are read from the WSGI environ and nothing is parsed that is not there.
    visitor_id = request.cookies.get(VISITOR_COOKIE) if "HTTP_COOKIE" in request.environ else None
    new_visitor = not clicks_service.is_visitor_id(visitor_id)
    if new_visitor:
        visitor_id = clicks_service.new_visitor_id()
    click = _prepare(link, visitor_id)
    if request.method == "HEAD":
        # Link checkers and unfurlers probe with HEAD: they learn where the link goes, but no
        # person clicked, so nothing is counted and no cookie is set.
        with db.session.begin_nested() as probe:
            (outcome,) = clicks_service.record_clicks(db.session, [click])
            probe.rollback()
        return _redirect(outcome.redirect_url)
    writer = _click_writer()
    if writer is not None:
        # Committed when it returns; a 503 error object when not committed in time.
        outcome = writer.record(click, timeout=current_app.config["CLICK_COMMIT_TIMEOUT_SECONDS"])
    else:
        (outcome,) = clicks_service.record_clicks(db.session, [click])
    kept = _kept_click(outcome) if not new_visitor else None
    response = _redirect(
        outcome.redirect_url.replace(outcome.click_id, kept) if kept else outcome.redirect_url)
    if new_visitor:
        _set_cookie(response, VISITOR_COOKIE, visitor_id, VISITOR_LIFETIME)
    if outcome.attribution_window is not None and kept is None:
        _set_cookie(response, ATTRIBUTION_COOKIE, outcome.click_id, outcome.attribution_window)
    return response


def _kept_click(outcome: clicks_service.ClickOutcome) -> str | None:
    """The browser's earlier valid click that keeps the credit (first-click policy), if any."""
    held = request.cookies.get(ATTRIBUTION_COOKIE)
    if outcome.attribution_window is None or not held or not _COOKIE_VALUE.match(held):
        return None
    return first_click.click_to_keep(db.session, held=held, new=outcome.click_id, now=now())


def _prepare(link: str, visitor_id: str) -> clicks_service.PreparedClick:
    environ = request.environ
    return clicks_service.prepare_click(
        link=link.replace("\x00", ""),
        visit=clicks_service.Visit(
            visitor_id=visitor_id,
            ip_hash=clicks_service.hash_ip(request.remote_addr, secret=ip_hash_secret()),
            user_agent=environ.get("HTTP_USER_AGENT"),
            referrer=environ.get("HTTP_REFERER"),
            requested_landing=request.args.get("to") if environ.get("QUERY_STRING") else None,
        ),
        secret_keys=secret_keys(),
        now=now(),
        link_max_age=link_max_age(),
    )


def _click_writer() -> ClickWriter | None:
    """This app's group-commit writer: on PostgreSQL unless CLICK_GROUP_COMMIT is off."""
    return group_commit_writer("CLICK_GROUP_COMMIT", ClickWriter)


def set_visitor_cookie(response: Response, visitor_id: str) -> None:
    """The browser's visitor id, as a click sets it (the portal sets it too)."""
    _set_cookie(response, VISITOR_COOKIE, visitor_id, VISITOR_LIFETIME)


def _redirect(url: str) -> Response:
    """The 302 of a click: Location and no-store, with an empty body.

    Every click must reach Goodword, so it is never cached (a cached redirect would skip the
    record and the cookies). No HTML note: browsers follow the Location at once, and a page
    would cost the hottest response a page policy and its nonce for nothing.
    """
    return Response(
        b"", 302, headers={"Location": url, "Cache-Control": "no-store"},
        content_type="text/plain; charset=utf-8",
    )


def _set_cookie(response: Response, name: str, value: str, lifetime: timedelta) -> None:
    """HttpOnly, SameSite=Lax, for the whole host; Secure when the public URL is https (behind
    a TLS-terminating proxy the request itself looks like plain HTTP). Written out here rather
    than by werkzeug's general cookie dumper: the values are ids (URL-safe characters only),
    so nothing needs quoting, and every click sets one or two."""
    if not _COOKIE_VALUE.match(value):
        raise ValueError(f"not a cookie-safe id: {value!r}")
    seconds = int(lifetime.total_seconds())
    secure = "Secure; " if current_app.config["PUBLIC_URL"].startswith("https://") else ""
    response.headers.add(
        "Set-Cookie",
        f"{name}={value}; Expires={_expires(int(time.time()) + seconds)}; Max-Age={seconds}; "
        f"{secure}HttpOnly; Path=/; SameSite=Lax",
    )


_COOKIE_VALUE = re.compile(r"^[A-Za-z0-9_-]+$")


@functools.lru_cache(maxsize=64)
def _expires(timestamp: int) -> str:
    """The Expires date of a cookie, as werkzeug writes it (one format per second)."""
    return formatdate(timestamp, usegmt=True)


def link_max_age() -> timedelta | None:
    days = current_app.config.get("REFERRAL_LINK_MAX_AGE_DAYS")
    return timedelta(days=days) if days else None
