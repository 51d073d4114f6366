"""Dashboard sessions the server can end. The signed cookie carries a random token; the row
keyed by its digest is what makes the cookie valid. Signing out deletes the row, signing out
everywhere (and a password change) deletes the user's other rows, so a copied cookie is refused
at its next request.

A session ends by itself after `idle` without a request, and after `absolute` whatever happens
(docs/reference/security.md gives both).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from core.users.models import DashboardSession, MerchantUser

# last_seen_at moves at most this often: one write a minute per active user, not per request.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionLifetimes:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, *, user: MerchantUser, now: datetime,
          lifetimes: SessionLifetimes) -> str:
    """A new session for `user`; returns the token for the cookie. The user's sessions that
    have ended by themselves are cleared on the way."""
    session.execute(delete(DashboardSession).where(
        DashboardSession.user_id == user.id,
        (DashboardSession.created_at <= now - lifetimes.absolute)
        | (DashboardSession.last_seen_at <= now - lifetimes.idle)))
    token = secrets.token_urlsafe(32)
    session.add(DashboardSession(id=_digest(token), user_id=user.id,
                                 merchant_id=user.merchant_id, created_at=now, last_seen_at=now))
    session.flush()
    return token


@dataclass(frozen=True)
class Found:
    """The session's row, and whether it was just written (touched or ended): a read request
    must then keep that write."""

    row: DashboardSession | None
    wrote: bool


def find(session: Session, *, token: str, now: datetime, lifetimes: SessionLifetimes) -> Found:
    """The live session for this token, touched if it was last seen over a minute ago; an
    expired one is deleted and not returned."""
    row = session.get(DashboardSession, _digest(token)) if token else None
    if row is None:
        return Found(None, False)
    if row.created_at <= now - lifetimes.absolute or row.last_seen_at <= now - lifetimes.idle:
        session.delete(row)
        session.flush()
        return Found(None, True)
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.flush()
        return Found(row, True)
    return Found(row, False)


def end(session: Session, *, token: str) -> None:
    """Sign this browser out: its cookie, and every copy of it, stops working."""
    if token:
        session.execute(delete(DashboardSession).where(DashboardSession.id == _digest(token)))


def end_all(session: Session, *, user_id: str, except_token: str | None = None) -> int:
    """Sign the user out everywhere, but for the browser holding `except_token` if given."""
    statement = delete(DashboardSession).where(DashboardSession.user_id == user_id)
    if except_token:
        statement = statement.where(DashboardSession.id != _digest(except_token))
    result = session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


def forget_ended(session: Session, *, now: datetime, lifetimes: SessionLifetimes) -> int:
    """Delete every session past its idle or absolute timeout (the worker)."""
    result = session.execute(delete(DashboardSession).where(
        (DashboardSession.created_at <= now - lifetimes.absolute)
        | (DashboardSession.last_seen_at <= now - lifetimes.idle)))
    return int(getattr(result, "rowcount", 0) or 0)
