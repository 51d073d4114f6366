"""An app process keeps its PostgreSQL connections: busy moments do not open new ones."""

import pytest
from sqlalchemy import event

from core.db import db

pytestmark = pytest.mark.usefixtures("on_postgres")


def test_connections_in_use_at_once_are_kept_for_the_next_busy_moment(app):
    """Ten requests at once, three times over: the connections opened the first time serve
    the next two, where SQLAlchemy's default pool (five kept) closed the other five after each
    and opened them again, a PostgreSQL backend started per request in every burst."""
    assert app.config["DATABASE_POOL_SIZE"] >= 10
    with app.app_context():
        engine = db.engine
        opened: list[int] = []

        def count(*_) -> None:
            opened.append(1)

        event.listen(engine, "connect", count)
        try:
            per_burst = []
            for _ in range(3):
                before = len(opened)
                held = [engine.connect() for _ in range(10)]
                for connection in held:
                    connection.close()
                per_burst.append(len(opened) - before)
        finally:
            event.remove(engine, "connect", count)
    assert per_burst[1:] == [0, 0]
