"""One unit of work per request, command and job: a write that succeeded is committed once, by
api/request/unit_of_work.py; a read, a refusal and a crash keep nothing."""

import re
from pathlib import Path

import pytest
from flask import abort
from sqlalchemy import func, select

from api import create_app
from api.request.unit_of_work import writes_on_read
from core.db import db
from core.ids import new_id
from core.unit_of_work import UnitOfWork
from referrals.clicks.models import Click

ROOT = Path(__file__).resolve().parents[2]


def _write(visitor: str) -> None:
    db.session.add(Click(id=new_id("clk"), merchant_id=None, visitor_id=visitor, valid=True,
                         created_at=db.func.now()))
    db.session.flush()


def kept(app, visitor: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(Click.visitor_id == visitor))


@pytest.fixture
def probe_app(app):
    """The app as configured for the tests, with routes that write and then answer each way."""
    probe = create_app({key: app.config[key] for key in (
        "TESTING", "SQLALCHEMY_DATABASE_URI", "CLOCK", "PUBLIC_URL", "DEMO_SHOP_FILE")})

    @probe.route("/probe/<visitor>", methods=["GET", "POST"])
    def write(visitor):
        _write(visitor)
        return "", 200

    @probe.get("/probe-marked/<visitor>")
    @writes_on_read
    def write_on_read(visitor):
        _write(visitor)
        return "", 302

    @probe.post("/probe-refused/<visitor>")
    def refused(visitor):
        _write(visitor)
        abort(409)

    @probe.post("/probe-crash/<visitor>")
    def crash(visitor):
        _write(visitor)
        raise RuntimeError("the view broke after writing")

    yield probe
    with probe.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_write_that_succeeds_is_kept_and_a_read_keeps_nothing(probe_app, app):
    client = probe_app.test_client()
    assert client.post("/probe/posted").status_code == 200
    assert client.get("/probe/read").status_code == 200
    assert client.get("/probe-marked/clicked").status_code == 302
    assert (kept(app, "posted"), kept(app, "read"), kept(app, "clicked")) == (1, 0, 1)


def test_a_refused_or_crashed_write_keeps_nothing(probe_app, app):
    probe_app.config["PROPAGATE_EXCEPTIONS"] = False
    client = probe_app.test_client()
    assert client.post("/probe-refused/refused").status_code == 409
    assert client.post("/probe-crash/crashed").status_code == 500
    assert (kept(app, "refused"), kept(app, "crashed")) == (0, 0)


def test_a_unit_of_work_keeps_only_what_was_committed(app):
    with app.app_context():
        with UnitOfWork(db.session) as unit:
            _write("committed")
            unit.commit()
            _write("after the commit")
        with pytest.raises(RuntimeError), UnitOfWork(db.session):
            _write("raised")
            raise RuntimeError
    assert (kept(app, "committed"), kept(app, "after the commit"), kept(app, "raised")) \
        == (1, 0, 0)


# The click writer commits its own connection: a group of clicks is its unit of work
# (referrals/clicks/writer.py). Webhook delivery commits its lease and results per batch.
COMMITS_ELSEWHERE = {"referrals/clicks/writer.py", "core/events/delivery.py"}


def test_only_the_unit_of_work_commits():
    found = []
    for package in ("api", "core", "referrals", "rewards"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name == "core/unit_of_work.py" or name in COMMITS_ELSEWHERE:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.match(r"\s*(\w+\.)*session\.commit\(\)", line):
                    found.append(f"{name}:{number}: {line.strip()}")
    assert found == []
