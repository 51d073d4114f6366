"""The one place a request commits, and a CLI command.

Every request runs in one unit of work (`core.unit_of_work.UnitOfWork` on the request's
session), opened before the first view code runs and ended here:

- a write (POST, PUT, PATCH, DELETE) answered under 400 is committed, with its Idempotency-Key's
  stored answer in the same transaction (`api/request/idempotency.py`);
- an answer of 400 or more, an exception, and every read (GET, HEAD, OPTIONS) roll back;
- a read that writes by nature is marked `@writes_on_read` and committed like a write: a click
  on a referral link (`GET /r/<code>`). (The demo shop's pages write through the API, each call
  a request and a unit of work of its own: api/pages/demo_shop.py.)

A CLI command is one unit of work too (`@command_unit_of_work`): kept when it returns, rolled
back when it raises; a command that works in batches commits each batch through
`current_unit_of_work()`. Views, commands and services never call `session.commit()`. A use
case that must keep part of its work before a network call (a Stripe payout's hold) is handed
the unit of work, `current_unit_of_work()`, and commits through it.
"""

import functools
import logging
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, current_app, g, request
from sqlalchemy.exc import DBAPIError, IntegrityError

from api.request import idempotency
from api.request.errors import error_response
from api.request.request_id import request_id
from core.db import db
from core.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

READS = frozenset({"GET", "HEAD", "OPTIONS"})
View = TypeVar("View", bound=Callable)


def writes_on_read(view: View) -> View:
    """Commit this read route's unit of work like a write's (a link click is a GET)."""
    view.writes_on_read = True  # type: ignore[attr-defined]
    return view


def init_app(app: Flask) -> None:
    app.before_request(_open)
    # Registered first, so it runs after every other after_request hook: the answer that is
    # committed (and stored under an Idempotency-Key) is the one that will be sent.
    app.after_request(commit_request)
    app.teardown_request(_close)


def current_unit_of_work() -> UnitOfWork:
    unit = g.get("unit_of_work")
    if unit is None:
        unit = g.unit_of_work = UnitOfWork(db.session)
    return unit


def _open() -> None:
    g.unit_of_work = UnitOfWork(db.session)


def _commits(response: Response) -> bool:
    if response.status_code >= 400:
        return False
    if request.method not in READS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes_on_read", False))


def commit_request(response: Response) -> Response:
    """Commit the request's unit of work when it is a write that succeeded; else roll back."""
    unit = g.pop("unit_of_work", None) or UnitOfWork(db.session)
    if not _commits(response):
        unit.rollback()
        return response
    idempotency.store_answer(response)
    try:
        unit.commit()
    except IntegrityError:
        unit.rollback()
        log.warning("%s: commit lost a race on a constraint", request_id(), exc_info=True)
        return _failed(409, "conflict",
                       "The request conflicted with a concurrent change; retry it.")
    except DBAPIError:
        unit.rollback()
        log.exception("%s: commit failed", request_id())
        failed = _failed(503, "database_unavailable",
                         "The database did not accept the change; retry it.", "api_error")
        failed.headers["Retry-After"] = "1"
        return failed
    return response


def _failed(status: int, code: str, message: str, error_type: str | None = None) -> Response:
    failed, status = error_response(status, code, message, error_type=error_type)
    failed.status_code = status
    return failed


def _close(_error: BaseException | None) -> None:
    # An exception skipped commit_request, or a view kept the session past it: nothing stays.
    unit = g.pop("unit_of_work", None)
    if unit is not None:
        unit.rollback()


def command_unit_of_work(command: View) -> View:
    """Run a CLI command in one unit of work: committed when it returns, rolled back when it
    raises (a ClickException included)."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        with UnitOfWork(db.session) as unit:
            g.unit_of_work = unit
            try:
                result = command(*args, **kwargs)
                unit.commit()
            finally:
                g.pop("unit_of_work", None)
        return result
    return run  # type: ignore[return-value]
