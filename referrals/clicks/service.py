"""Clicks on referral links (awareness): recorded in one statement, good links or bad.

Following a link is the hottest path in Goodword, so recording clicks is a single
`INSERT INTO clicks ... SELECT ... FROM <the clicks as JSON rows> LEFT JOIN merchants, promoters
... RETURNING ...` round trip, for one click or for a batch of them (the group commit of
`referrals/clicks/writer.py`): the select decides validity from the joined rows (unknown code,
unknown or blocked promoter), and the RETURNING clause hands back each merchant's shop URL,
allowed domains and attribution window through scalar subqueries, so the redirect needs no
second query. RETURNING works on PostgreSQL and on SQLite 3.35 and later.

A bad link is still recorded, as an invalid click with its reason, because a merchant needs to
see links that stopped working (an old secret, a blocked promoter) as much as the ones that work.
"""

import base64
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Connection, Integer, func, select, text
from sqlalchemy.orm import Session

from core.ids import new_id, random_bytes
from core.merchants.models import Merchant
from referrals.clicks import landing
from referrals.clicks.models import Click
from referrals.errors import ClickNotFound
from referrals.links import service as links
from referrals.promoters import codes

# Where a shopper goes when no merchant can be told from the link: Goodword's own landing page.
NOWHERE = "/"
MAX_USER_AGENT = 512
MAX_REFERRER = 2048
_VISITOR_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_MAX_CODE_LENGTH = 32


@dataclass(frozen=True)
class Visit:
    """What the browser told us along with the click."""

    visitor_id: str
    ip_hash: str | None = None
    user_agent: str | None = None
    referrer: str | None = None
    # The shop page asked for with `?to=`, unchecked.
    requested_landing: str | None = None


@dataclass(frozen=True)
class ClickOutcome:
    """The recorded click and where its shopper goes next."""

    click_id: str
    valid: bool
    invalid_reason: str | None
    # Carries the click id for a valid click; a bad link lands on the shop's home page bare.
    redirect_url: str
    # How long the click may be credited with a signup; None for an invalid click.
    attribution_window: timedelta | None


def new_visitor_id() -> str:
    """24 URL-safe characters from 18 random bytes (as secrets.token_urlsafe(18))."""
    return base64.urlsafe_b64encode(random_bytes(18)).decode()


def is_visitor_id(value: str | None) -> bool:
    """A visitor id Goodword could have issued; anything else in the cookie is replaced."""
    return bool(value) and bool(_VISITOR_ID.match(value))


def hash_ip(ip: str | None, *, secret: bytes) -> str | None:
    """HMAC-SHA256 of an address: equal addresses compare equal, the address is never stored."""
    if not ip:
        return None
    # hmac.new, not the one-shot hmac.digest: that one lets go of the GIL on every call, which
    # costs the hottest path context switches on a busy server.
    return hmac.new(secret, ip.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class PreparedClick:
    """A click read and checked in Python (the link's signature above all), ready to insert.

    Preparing needs no database, so request threads do it side by side; `record_clicks` then
    writes any number of prepared clicks in one statement.
    """

    id: str
    created_at: datetime
    visit: Visit
    # A code link names its promoter by code key; a token names merchant and promoter ids.
    code_key: str | None = None
    merchant_id: str | None = None
    promoter_id: str | None = None
    # Set when the link alone condemns the click: "tampered" or "expired".
    problem: str | None = None
    # The reason when the named promoter is not found: unknown_code or unknown_promoter.
    missing: str = "unknown_promoter"
    campaign: str | None = None
    channel: str | None = None


def prepare_click(
    *,
    link: str,
    visit: Visit,
    secret_keys: list[str],
    now: datetime,
    link_max_age: timedelta | None = None,
) -> PreparedClick:
    """Read `link` (a signed token or a code): what the click will record, before any query."""
    landing.check_requested(visit.requested_landing)
    click_id = new_id("clk")
    if not links.looks_like_token(link):
        key = codes.code_key(link) if len(link) <= _MAX_CODE_LENGTH else None
        return PreparedClick(click_id, now, visit, code_key=key, missing="unknown_code")
    claims = links.read_link(link, secret_keys=secret_keys, now=now, max_age=link_max_age)
    return PreparedClick(
        click_id, now, visit,
        merchant_id=claims.merchant_id,
        # Nothing in a tampered token names a promoter we can believe; an expired one is
        # genuine, only old, so its promoter is still recorded.
        promoter_id=None if claims.problem == "tampered" else claims.promoter_id,
        problem=claims.problem,
        campaign=claims.campaign,
        channel=claims.channel,
    )


def record_click(
    session: Session | Connection,
    *,
    link: str,
    visit: Visit,
    secret_keys: list[str],
    now: datetime,
    link_max_age: timedelta | None = None,
) -> ClickOutcome:
    """Record a click through `link` (a signed token or a code) and decide where it lands."""
    click = prepare_click(
        link=link, visit=visit, secret_keys=secret_keys, now=now, link_max_age=link_max_age
    )
    (outcome,) = record_clicks(session, [click])
    return outcome


def record_clicks(
    session: Session | Connection, clicks: list[PreparedClick]
) -> list[ClickOutcome]:
    """Insert prepared clicks in one statement; their outcomes, in the order given.

    The clicks travel as one JSON array of rows; the database joins each row to its merchant
    and promoter, decides validity, inserts, and returns each merchant's redirect settings.
    """
    returned = insert_clicks(session, clicks)
    return [outcome_of(click, returned[click.id]) for click in clicks]


def insert_clicks(session: Session | Connection, clicks: list[PreparedClick]) -> dict[str, Any]:
    """The insert of `record_clicks` alone: the returned rows by click id, for `outcome_of`.

    The group-commit writer runs only this, so each request works out its own outcome.
    """
    if not clicks:
        return {}
    bind = session if isinstance(session, Connection) else session.get_bind()
    dialect = bind.dialect.name
    rows = json.dumps([_row_of(click, dialect) for click in clicks])
    return {
        row.id: row
        for row in session.execute(_INSERT_CLICKS[dialect == "sqlite"], {"rows": rows})
    }


def outcome_of(click: PreparedClick, row: Any) -> ClickOutcome:
    """Where the shopper of an inserted click goes, from the row `insert_clicks` returned."""
    if row.valid:
        target = landing.landing_url(
            click.visit.requested_landing, shop_url=row.shop_url,
            allowed_domains=row.allowed_domains,
        )
        return ClickOutcome(
            click_id=click.id,
            valid=True,
            invalid_reason=None,
            redirect_url=landing.with_click_id(target, click.id),
            attribution_window=timedelta(days=row.attribution_window_days),
        )
    return ClickOutcome(
        click_id=click.id,
        valid=False,
        invalid_reason=row.invalid_reason,
        redirect_url=row.shop_url or NOWHERE,
        attribution_window=None,
    )


def _row_of(click: PreparedClick, dialect: str) -> dict:
    visit = click.visit
    moment = click.created_at.astimezone(UTC)
    return {
        "id": click.id,
        "code_key": click.code_key,
        "merchant_id": click.merchant_id,
        "promoter_id": click.promoter_id,
        "problem": click.problem,
        "missing": click.missing,
        "visitor_id": visit.visitor_id,
        "ip_hash": visit.ip_hash,
        "user_agent": _clip(visit.user_agent, MAX_USER_AGENT),
        "referrer": _clip(visit.referrer, MAX_REFERRER),
        "landing_url": _clip(visit.requested_landing, landing.MAX_URL_LENGTH),
        "campaign": click.campaign,
        "channel": click.channel,
        # SQLite keeps times as text in SQLAlchemy's format, naive UTC; PostgreSQL reads ISO.
        "created_at": (
            moment.replace(tzinfo=None).isoformat(" ", "microseconds")
            if dialect == "sqlite" else moment.isoformat()
        ),
    }


_ROW_FIELDS = (
    "id", "code_key", "merchant_id", "promoter_id", "problem", "missing", "visitor_id",
    "ip_hash", "user_agent", "referrer", "landing_url", "campaign", "channel", "created_at",
)
# The rows of the batch, as a table: json_to_recordset on PostgreSQL, json_each on SQLite.
_POSTGRES_ROWS = "json_to_recordset(CAST(:rows AS json)) AS v({})".format(
    ", ".join(f"{name} {'timestamptz' if name == 'created_at' else 'text'}"
              for name in _ROW_FIELDS)
)
_SQLITE_ROWS = "(SELECT {} FROM json_each(:rows)) AS v".format(
    ", ".join(f"json_extract(value, '$.{name}') AS {name}" for name in _ROW_FIELDS)
)
# Why a click is invalid (NULL when it is good): the link itself, then the promoter it names.
_REASON = """CASE
    WHEN v.problem IS NOT NULL THEN v.problem
    WHEN COALESCE(pc.id, pt.id) IS NULL THEN v.missing
    WHEN COALESCE(pc.status, pt.status) <> 'active' THEN 'promoter_blocked'
END"""
# RETURNING may only name the inserted row, so each merchant setting comes by a subquery.
_INSERT = """INSERT INTO clicks (id, merchant_id, promoter_id, visitor_id, ip_hash, user_agent,
    referrer, landing_url, campaign, channel, valid, invalid_reason, created_at)
SELECT v.id, m.id, COALESCE(pc.id, pt.id), v.visitor_id, v.ip_hash, v.user_agent,
    v.referrer, v.landing_url, v.campaign, v.channel, ({reason}) IS NULL, {reason}, v.created_at
FROM {rows}
LEFT JOIN promoters AS pc ON pc.code_key = v.code_key
LEFT JOIN merchants AS m ON m.id = COALESCE(v.merchant_id, pc.merchant_id)
LEFT JOIN promoters AS pt ON pt.id = v.promoter_id AND pt.merchant_id = m.id
RETURNING id, valid, invalid_reason,
    (SELECT s.shop_url FROM merchants AS s WHERE s.id = clicks.merchant_id) AS shop_url,
    (SELECT s.allowed_domains FROM merchants AS s WHERE s.id = clicks.merchant_id)
        AS allowed_domains,
    (SELECT s.attribution_window_days FROM merchants AS s WHERE s.id = clicks.merchant_id)
        AS attribution_window_days"""
_RESULT_TYPES = {
    "valid": Boolean(),
    "allowed_domains": Merchant.__table__.c.allowed_domains.type,
    "attribution_window_days": Integer(),
}
# Indexed by "is SQLite".
_INSERT_CLICKS = tuple(
    text(_INSERT.format(reason=_REASON, rows=rows)).columns(**_RESULT_TYPES)
    for rows in (_POSTGRES_ROWS, _SQLITE_ROWS)
)


def get_click(
    session: Session, *, merchant_id: str, click_id: str, param: str = "click"
) -> Click:
    """A click on this merchant's links; another merchant's click is simply not found."""
    click = session.get(Click, click_id)
    if click is None or click.merchant_id != merchant_id:
        raise ClickNotFound(f"No such click: {click_id!r}", param=param)
    return click


def count_clicks(
    session: Session,
    *,
    merchant_id: str,
    promoter_id: str | None = None,
    valid: bool | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """How many clicks a merchant (or one promoter) had in [since, until)."""
    statement = select(func.count()).select_from(Click).where(Click.merchant_id == merchant_id)
    if promoter_id is not None:
        statement = statement.where(Click.promoter_id == promoter_id)
    if valid is not None:
        statement = statement.where(Click.valid.is_(valid))
    if since is not None:
        statement = statement.where(Click.created_at >= since)
    if until is not None:
        statement = statement.where(Click.created_at < until)
    return session.scalar(statement)


def _clip(value: str | None, limit: int) -> str | None:
    """At most `limit` characters, without the NULs PostgreSQL cannot store in text."""
    return value.replace("\x00", "")[:limit] or None if value else None
