"""The reset between tests leaves every table empty and the id sequences at their start, by
either road (a superuser's replica-mode DELETE, another role's TRUNCATE of the written tables),
append-only ledger rows included."""

import pytest
from sqlalchemy import func, select

from core.db import db
from rewards.ledger.models import LedgerEntry
from tests.support import database


def _rows_per_table() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


@pytest.mark.parametrize("superuser", [True, False], ids=["delete", "truncate"])
def test_the_reset_empties_every_table(app, client, merchant, superuser, monkeypatch):
    client.post("/v1/rules", headers=merchant.headers(), json={
        "name": "Points per dollar", "trigger": "order.paid", "beneficiary": "customer",
        "reward": {"type": "points_per_currency_unit", "value": 1}})
    client.post("/v1/orders", headers=merchant.headers(), json={
        "external_id": "o-1", "customer_external_id": "cus_1", "amount": 10_00,
        "currency": "USD"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LedgerEntry)) > 0
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:
                found = database._found(connection)
            monkeypatch.setitem(found, "superuser", superuser)
        database.empty_all_tables()
        assert {name: rows for name, rows in _rows_per_table().items() if rows} == {}
        if db.engine.dialect.name == "postgresql":
            for sequence in database._found(db.session.connection())["sequences"]:
                assert db.session.execute(
                    select(func.nextval(sequence))).scalar() == 1, sequence
        db.session.rollback()
