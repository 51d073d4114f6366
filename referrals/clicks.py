"""Clicks on referral links (awareness): recorded in one statement, good links or bad.

Following a link is the hottest path in Goodword, so recording a click is a single
`INSERT INTO clicks ... SELECT ... FROM merchants, promoters ... RETURNING ...` round trip: the
select decides validity from the joined rows (unknown code, unknown or blocked promoter), and the
RETURNING clause hands back the merchant's shop URL, allowed domains and attribution window
through scalar subqueries, so the redirect needs no second query. RETURNING works on
PostgreSQL and on SQLite 3.35 and later.

A bad link is still recorded, as an invalid click with its reason, because a merchant needs to
see links that stopped working (an old secret, a blocked promoter) as much as the ones that work.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, case, func, insert, literal, literal_column, select
from sqlalchemy.orm import Session

from core.db import UTCDateTime
from core.ids import new_id
from core.merchants.models import Merchant
from referrals import codes, landing, links
from referrals.errors import ClickNotFound
from referrals.models import Click, Promoter

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
    return secrets.token_urlsafe(18)


def is_visitor_id(value: str | None) -> bool:
    """A visitor id Goodword could have issued; anything else in the cookie is replaced."""
    return bool(value) and bool(_VISITOR_ID.match(value))


def hash_ip(ip: str | None, *, secret: bytes) -> str | None:
    """HMAC-SHA256 of an address: equal addresses compare equal, the address is never stored."""
    if not ip:
        return None
    return hmac.new(secret, ip.encode(), hashlib.sha256).hexdigest()


def record_click(
    session: Session,
    *,
    link: str,
    visit: Visit,
    secret_keys: list[str],
    now: datetime,
    link_max_age: timedelta | None = None,
) -> ClickOutcome:
    """Record a click through `link` (a signed token or a code) and decide where it lands."""
    merchants = Merchant.__table__
    source = _source_of(link, secret_keys=secret_keys, now=now, link_max_age=link_max_age)
    click_id = new_id("clk")
    clicks = Click.__table__
    values = {
        "id": literal(click_id, String),
        "merchant_id": merchants.c.id,
        "promoter_id": source.promoter_id,
        "visitor_id": literal(visit.visitor_id, String),
        "ip_hash": literal(visit.ip_hash, String),
        "user_agent": literal(_clip(visit.user_agent, MAX_USER_AGENT), String),
        "referrer": literal(_clip(visit.referrer, MAX_REFERRER), String),
        "landing_url": literal(_clip(visit.requested_landing, landing.MAX_URL_LENGTH), String),
        "campaign": literal(source.campaign, String),
        "channel": literal(source.channel, String),
        "valid": source.reason.is_(None),
        "invalid_reason": source.reason,
        "created_at": literal(now, UTCDateTime()),
    }
    row = session.execute(
        insert(clicks)
        .from_select(list(values), select(*values.values()).select_from(source.rows))
        .returning(
            clicks.c.valid,
            clicks.c.invalid_reason,
            _of_clicked_merchant(merchants.c.shop_url),
            _of_clicked_merchant(merchants.c.allowed_domains),
            _of_clicked_merchant(merchants.c.attribution_window_days),
        )
    ).one()
    valid, invalid_reason, shop_url, allowed_domains, window_days = row
    if valid:
        target = landing.landing_url(
            visit.requested_landing, shop_url=shop_url, allowed_domains=allowed_domains
        )
        return ClickOutcome(
            click_id=click_id,
            valid=True,
            invalid_reason=None,
            redirect_url=landing.with_click_id(target, click_id),
            attribution_window=timedelta(days=window_days),
        )
    return ClickOutcome(
        click_id=click_id,
        valid=False,
        invalid_reason=invalid_reason,
        redirect_url=shop_url or NOWHERE,
        attribution_window=None,
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


@dataclass(frozen=True)
class _Source:
    """The one-row join a click is selected from, and what the link itself claimed."""

    rows: Any  # (SELECT 1) LEFT JOIN merchants / promoters
    promoter_id: Any  # column or NULL
    reason: Any  # SQL expression: NULL for a valid click, else the invalid reason
    campaign: str | None = None
    channel: str | None = None


def _source_of(
    link: str, *, secret_keys: list[str], now: datetime, link_max_age: timedelta | None
) -> _Source:
    merchants = Merchant.__table__
    promoters = Promoter.__table__
    # Outer joins from a one-row anchor: the click row exists even when nothing matches.
    anchor = select(literal(1).label("anchor")).subquery("anchor")
    if not links.looks_like_token(link):
        key = codes.code_key(link) if len(link) <= _MAX_CODE_LENGTH else None
        rows = anchor.outerjoin(
            promoters, promoters.c.code_key == literal(key, String)
        ).outerjoin(merchants, merchants.c.id == promoters.c.merchant_id)
        return _Source(rows, promoters.c.id, _promoter_reason(promoters, missing="unknown_code"))

    claims = links.read_link(link, secret_keys=secret_keys, now=now, max_age=link_max_age)
    rows = anchor.outerjoin(merchants, merchants.c.id == literal(claims.merchant_id, String))
    if claims.problem == "tampered":
        # Nothing in a tampered token names a promoter we can believe.
        return _Source(rows, literal(None, String), literal("tampered", String))
    rows = rows.outerjoin(
        promoters,
        and_(
            promoters.c.id == literal(claims.promoter_id, String),
            promoters.c.merchant_id == merchants.c.id,
        ),
    )
    reason = (
        literal(claims.problem, String)  # expired: genuine, so its promoter is still recorded
        if claims.problem
        else _promoter_reason(promoters, missing="unknown_promoter")
    )
    return _Source(rows, promoters.c.id, reason, claims.campaign, claims.channel)


def _of_clicked_merchant(column):
    """A merchant setting beside the inserted click in RETURNING, by a correlated subquery.

    Written out because SQLAlchemy renders RETURNING columns unqualified, which would tie the
    subquery's `id` to the wrong table.
    """
    return literal_column(
        f"(SELECT m.{column.name} FROM merchants AS m WHERE m.id = clicks.merchant_id)",
        type_=column.type,
    )


def _promoter_reason(promoters, *, missing: str):
    """Why the joined promoter makes a click invalid, or NULL when it is a good click."""
    return case(
        (promoters.c.id.is_(None), missing),
        (promoters.c.status != "active", "promoter_blocked"),
        else_=literal(None, String),
    )


def _clip(value: str | None, limit: int) -> str | None:
    """At most `limit` characters, without the NULs PostgreSQL cannot store in text."""
    return value.replace("\x00", "")[:limit] or None if value else None
