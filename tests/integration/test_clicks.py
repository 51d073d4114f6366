"""Recording a click is one database round trip, whatever the link turns out to be."""

import pytest
from sqlalchemy import event

from core.db import db
from referrals.clicks import service as clicks_service
from referrals.links import service as links
from referrals.promoters import service as promoters_service


@pytest.fixture
def statements(app):
    """The SQL statements sent while the test runs, in order."""
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        yield sent
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.mark.parametrize("kind", ["token", "code", "tampered", "unknown_code"])
def test_a_click_costs_one_statement(app, clock, merchant, statements, kind):
    secret_keys = app.config["GOODWORD_SECRET_KEYS"]
    promoter, _ = promoters_service.enroll_promoter(
        db.session, merchant_id=merchant.id, now=clock.now(), code="ANA-ONE"
    )
    db.session.commit()
    token = links.sign_link(secret_keys=secret_keys, merchant_id=merchant.id,
                            promoter_id=promoter.id, now=clock.now())
    link = {"token": token, "code": "ana-one", "tampered": token[:-3] + "abc",
            "unknown_code": "NOBODY"}[kind]
    statements.clear()

    outcome = clicks_service.record_click(
        db.session, link=link, visit=clicks_service.Visit(visitor_id="v" * 24),
        secret_keys=secret_keys, now=clock.now(),
    )

    assert len(statements) == 1
    assert statements[0].lstrip().upper().startswith("INSERT INTO CLICKS")
    assert outcome.valid is (kind in ("token", "code"))
    db.session.commit()
    assert clicks_service.count_clicks(db.session, merchant_id=merchant.id) == (
        0 if kind == "unknown_code" else 1
    )
