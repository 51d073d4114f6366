"""The one SQLAlchemy handle, its naming convention, and the column types every model uses."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, Table, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, CursorResult, Dialect, Engine
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapper,
    Session,
    make_transient_to_detached,
    scoped_session,
)
from sqlalchemy.sql.expression import Executable
from sqlalchemy.types import TypeDecorator

# Named constraints make Alembic migrations deterministic on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    if TYPE_CHECKING:
        # Every model maps one Table (DeclarativeBase allows any FROM clause).
        __table__: ClassVar[Table]


db = SQLAlchemy(model_class=Base)

if TYPE_CHECKING:
    # Flask-SQLAlchemy builds db.Model at run time (Base plus its metaclass), and mypy cannot take
    # an instance's attribute as a base class; to the type checker every model is a Base.
    Model = Base
else:
    Model = db.Model


def sql_list(values: Iterable[str]) -> str:
    """`'a', 'b'` for CHECK constraints of the form `column IN (...)`."""
    return ", ".join(f"'{value}'" for value in values)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on the way in and out, on SQLite (which has no zones) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Goodword stores aware UTC times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite enforces foreign keys only when asked, and WAL lets readers run beside a writer.

    Python's sqlite3 also opens transactions lazily by itself, which breaks savepoints: a
    SAVEPOINT issued before its BEGIN opens the transaction, and releasing it commits, so a
    request that failed after a savepoint kept half its writes. Goodword turns that off and
    begins every transaction itself (SQLAlchemy's documented recipe for pysqlite).
    """
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")


# (table, dialect name, computed columns): insert_unless_exists's statement
_inserts: dict[tuple[Any, ...], Any] = {}


def insert_unless_exists(session: Session, instance: Any, parameters: dict[str, Any] | None = None,
                         **computed: Any) -> bool:
    """INSERT `instance`'s row in one statement, or nothing when a unique constraint already
    holds its twin (ON CONFLICT DO NOTHING, PostgreSQL and SQLite alike). On PostgreSQL a twin
    that is not committed yet is waited for, as a plain INSERT would. Returns True when the row
    went in; `instance` is then in the session as if it had been flushed.

    One round trip where a savepoint, an INSERT and a release are three: for the hot paths
    (orders, ledger postings) that must tell "new" from "already there". `computed`: attributes
    given as SQL expressions built once (module constants: the statement is kept by them), which
    the INSERT evaluates (a read folded into the write), with `parameters` for their bind
    parameters; their values are set on `instance` from its RETURNING."""
    mapper = inspect(type(instance))
    values = {
        attribute.columns[0].key: instance.__dict__[attribute.key]
        for attribute in mapper.column_attrs
        if attribute.key in instance.__dict__
    }
    table = mapper.local_table
    # The values go as the execution's parameters, not into the statement, which is then built
    # once per model and computed columns (none of the values made into an SQL expression: that
    # cost more Python than sending the row). The kept statement holds the computed
    # expressions, so their ids in the key are never reused by others.
    built = (table, session.get_bind(mapper=mapper).dialect.name,
             tuple((key, id(value)) for key, value in computed.items()))
    statement = _inserts.get(built)
    if statement is None:
        statement = insert_ignoring_twins(session, type(instance)).values(
            {mapper.attrs[key].columns[0].key: value for key, value in computed.items()}
        ).returning(*table.primary_key, *(mapper.attrs[key].columns[0] for key in computed))
        _inserts[built] = statement
    inserted = execute_core(session, statement, values | (parameters or {}),
                            mapper=mapper).first()
    if inserted is None:
        return False
    for key, value in zip(computed, inserted[len(table.primary_key):], strict=True):
        instance.__dict__[key] = value
    make_transient_to_detached(instance)
    session.add(instance)
    return True


def execute_core(session: Session, statement: Executable,
                 parameters: dict[str, Any] | list[dict[str, Any]] | None = None, *,
                 mapper: Mapper[Any] | None = None) -> CursorResult[Any]:
    """A Core statement (a table's INSERT or UPDATE, no ORM entity) on the session's connection
    in its transaction. The same as `session.execute` for such a statement, which neither
    flushes nor loads objects for it, without the ORM's execution layer: on the order path
    that layer cost about a fifth of each write's Python. Flush first where the statement
    needs the session's pending changes."""
    return session.connection(bind_arguments={"mapper": mapper} if mapper else None).execute(
        statement, parameters)


def insert_ignoring_twins(session: Session, model: type[Any]) -> Any:
    """INSERT INTO `model`'s table ... ON CONFLICT DO NOTHING, on PostgreSQL and SQLite alike:
    a row whose twin a unique constraint already holds is left out (waited for first on
    PostgreSQL while the twin is not committed yet)."""
    dialect = session.get_bind(mapper=inspect(model)).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(model.__table__).on_conflict_do_nothing()


def transaction_memo(session: Session | scoped_session[Session]) -> dict[Any, Any]:
    """A dict that lives as long as the session's current transaction: for lookups a use case
    repeats (a merchant's tier ladder), read once per unit of work and never across two."""
    if isinstance(session, scoped_session):
        session = session()
    transaction = session.get_transaction()
    if transaction is None:
        # No transaction yet (the next statement begins one): nothing to share it with, and a
        # memo keyed on None would be found again in the next unit of work, stale.
        return {}
    memo = session.info.get("transaction_memo")
    if memo is None or memo[0] is not transaction:
        memo = session.info["transaction_memo"] = (transaction, {})
    return memo[1]
