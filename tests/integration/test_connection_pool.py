"""An app process keeps its PostgreSQL connections: busy moments do not open new ones."""

import pytest
from sqlalchemy import create_engine, event, exc

from api.config import engine_options
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


def test_a_process_opens_no_more_connections_than_its_pool_holds(test_database_url):
    """Past DATABASE_POOL_SIZE at once, a request waits for a connection (here it gives up
    after 0.2 s) instead of opening one more: processes x pool size is what PostgreSQL's
    max_connections must allow."""
    engine = create_engine(test_database_url, pool_timeout=0.2,
                           **engine_options(test_database_url, 3))
    held = [engine.connect() for _ in range(3)]
    try:
        with pytest.raises(exc.TimeoutError):
            engine.connect()
    finally:
        for connection in held:
            connection.close()
        engine.dispose()
