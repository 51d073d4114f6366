"""Emptying the test database between tests, cheaply.

TRUNCATE gives every table a new file and fsyncs it at commit: on PostgreSQL that cost about
three times the average test when all 39 tables were truncated after each one. Deleting the
rows costs a WAL record per row, and almost every table is empty after a test. The append-only
triggers of the ledger and rule history forbid DELETE, so the delete runs as a replica session,
which fires no triggers (foreign keys included: every table is emptied, so none can dangle).
That needs a superuser; other roles get one TRUNCATE of the tables that hold rows.

A test commits hundreds of times and each COMMIT waited for the disk: the suite's database
commits without waiting (`synchronous_commit = off`). A commit is seen by every other
connection at once as before; only a crash of the PostgreSQL server could lose the last
fraction of a second, and no test crashes the shared server (tests/chaos starts its own).
"""

from sqlalchemy import text
from sqlalchemy.engine import Connection

from core.db import db

# procrastinate's queue (core/jobs.py), on PostgreSQL only: outside the models' metadata.
JOB_QUEUE_TABLES = ["procrastinate_events", "procrastinate_periodic_defers",
                    "procrastinate_jobs", "procrastinate_workers"]


def empty_all_tables() -> None:
    """Delete every row of every table and restart the id sequences, as a fresh schema has."""
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name != "postgresql":
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
            return
        tables += JOB_QUEUE_TABLES
        found = _found(connection)
        statements = ([_delete_as_replica(tables)] if found["superuser"]
                      else _truncate_the_written(connection, tables))
        sequences = found["sequences"]
        if sequences:
            statements.append("SELECT " + ", ".join(
                f"setval('{sequence}', 1, false)" for sequence in sequences))
        # One round trip: psycopg sends statements without parameters as one simple query.
        connection.exec_driver_sql(";\n".join(statements))


def commit_without_waiting_for_disk(connection: Connection) -> None:
    """For every later session on the test database; an owner may, anyone else keeps waiting."""
    connection.exec_driver_sql(
        "DO $$ BEGIN EXECUTE 'ALTER DATABASE ' || quote_ident(current_database()) "
        "|| ' SET synchronous_commit = off'; "
        "EXCEPTION WHEN insufficient_privilege THEN NULL; END $$")


def _delete_as_replica(tables: list[str]) -> str:
    return ";\n".join(["SET LOCAL session_replication_role = replica",
                       *(f"DELETE FROM {table}" for table in tables),
                       "SET LOCAL session_replication_role = origin"])


def _truncate_the_written(connection: Connection, tables: list[str]) -> list[str]:
    probe = " UNION ALL ".join(
        f"SELECT '{table}' WHERE EXISTS (SELECT FROM {table})" for table in tables)
    written = connection.exec_driver_sql(probe).scalars().all()
    return [f"TRUNCATE {', '.join(written)} CASCADE"] if written else []


_FOUND: dict[str, dict] = {}


def _found(connection: Connection) -> dict:
    """Whether the role is a superuser, and the id sequences: read once per database."""
    url = connection.engine.url.render_as_string()
    if url not in _FOUND:
        _FOUND[url] = {
            "superuser": connection.exec_driver_sql("SHOW is_superuser").scalar() == "on",
            "sequences": connection.exec_driver_sql(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
            ).scalars().all(),
        }
    return _FOUND[url]
