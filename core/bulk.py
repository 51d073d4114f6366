"""Writing many rows at once: COPY on PostgreSQL, batched executemany on SQLite.

Only for bulk loads (seeding a merchant to evaluate or benchmark Goodword): the rows skip the
services, so they carry no events and earn nothing. Rows go into the session's transaction.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import JSON, Table, insert
from sqlalchemy.orm import Session

BATCH = 5000


def write_rows(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    progress: Callable[[int], None] = lambda count: None,
) -> int:
    """Insert `rows` (tuples in the order of `columns`) into `table`; returns how many."""
    rows = iter(rows)
    written = 0
    if session.get_bind().dialect.name == "postgresql":
        # The psycopg connection under the session's, so COPY shares its transaction.
        driver = session.connection().connection.driver_connection
        assert driver is not None  # a checked-out pool connection always holds its driver's
        as_json = [isinstance(table.c[name].type, JSON) for name in columns]
        with driver.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            while batch := list(islice(rows, BATCH)):
                for row in batch:
                    copy.write_row([
                        json.dumps(value) if is_json and value is not None else value
                        for value, is_json in zip(row, as_json, strict=True)
                    ] if any(as_json) else row)
                written += len(batch)
                progress(len(batch))
        return written
    statement = insert(table)
    while batch := list(islice(rows, BATCH)):
        session.execute(statement, [dict(zip(columns, row, strict=True)) for row in batch])
        written += len(batch)
        progress(len(batch))
    return written
