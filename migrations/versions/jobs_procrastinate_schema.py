"""Procrastinate's job queue schema (core/jobs.py), on PostgreSQL only

Revision ID: 7a1c4e9b2d60
Revises: 7a3f9c1d2e40
Create Date: 2026-12-07 20:20:00

The schema is procrastinate 3.10.0's own `sql/schema.sql`, kept as it shipped in
migrations/sql/ so that this migration builds the same tables whichever procrastinate is
installed. Upgrading procrastinate past 3.10 takes a new migration that applies the files of
its `sql/migrations/` between the two versions (procrastinate's documented upgrade path).
SQLite has no job queue: the in-process runner (api/cli/worker.py) needs no tables.
"""
from pathlib import Path

from alembic import op

# revision identifiers, used by Alembic.
revision = '7a1c4e9b2d60'
down_revision = '7a3f9c1d2e40'
branch_labels = None
depends_on = None

SCHEMA = Path(__file__).resolve().parent.parent / "sql" / "procrastinate-3.10.0.sql"


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # The driver reads `%` as a placeholder; `%%` is a `%` (procrastinate applies it so too).
    bind.exec_driver_sql(SCHEMA.read_text(encoding="utf-8").replace("%", "%%"))


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    bind.exec_driver_sql("""
        DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers,
            procrastinate_jobs, procrastinate_workers CASCADE;
        DO $$
        DECLARE routine regprocedure;
        BEGIN
            FOR routine IN SELECT oid::regprocedure FROM pg_proc
                           WHERE proname LIKE 'procrastinate\\_%%' LOOP
                EXECUTE 'DROP FUNCTION ' || routine || ' CASCADE';
            END LOOP;
        END $$;
        DROP TYPE IF EXISTS procrastinate_job_status, procrastinate_job_event_type,
            procrastinate_job_to_defer_v1 CASCADE;
    """)
