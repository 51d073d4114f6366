"""Fixtures: one migrated database per run (SQLite by default, PostgreSQL with TEST_DATABASE_URL),
emptied after every test, an app on a clock the test can move, and merchants with real keys."""

import os
from dataclasses import dataclass

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from api import create_app
from api.config import database_url
from core.clock import SettableClock
from core.db import db
from core.merchants import keys as keys_service
from core.merchants import service as merchants_service
from tests.support.database import commit_without_waiting_for_disk, empty_all_tables

# Set by make's test-sqlite and test-postgres: the pass stops at once if the database it was
# given is another engine, so a TEST_DATABASE_URL leaking into the SQLite pass cannot turn
# both passes into PostgreSQL runs unseen.
ENGINE_VARIABLE = "TEST_DATABASE_ENGINE"


def _engine_of_the_run() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return make_url(database_url(url)).get_backend_name() if url else "sqlite"


def _described(url: str | None) -> str:
    if not url:
        return "sqlite (a new file under pytest's temporary directory)"
    parsed = make_url(database_url(url))
    return f"{parsed.get_backend_name()} ({parsed.host}:{parsed.port}/{parsed.database})"


def pytest_configure(config):
    expected = os.environ.get(ENGINE_VARIABLE)
    if expected and expected != _engine_of_the_run():
        raise pytest.UsageError(
            f"{ENGINE_VARIABLE}={expected} but this run would use "
            f"{_described(os.environ.get('TEST_DATABASE_URL'))}")


def pytest_report_header(config):
    return f"database: {_described(os.environ.get('TEST_DATABASE_URL'))}"


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(
        f"database: {_described(os.environ.get('TEST_DATABASE_URL'))}")


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db')}/goodword-test.sqlite3"
    return database_url(url)


def _empty_database(url: str) -> None:
    """Start from nothing so the migrations, not create_all, build the schema under test."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
                commit_without_waiting_for_disk(connection)
    except Exception as exc:  # the PostgreSQL run is required, never silently skipped
        pytest.exit(f"TEST_DATABASE_URL is set but unreachable: {exc}", returncode=3)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def test_database_url(tmp_path_factory) -> str:
    return _database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def _app(test_database_url, tmp_path_factory):
    _empty_database(test_database_url)
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": test_database_url,
            "CLOCK": SettableClock(),
            "PUBLIC_URL": "http://goodword.test",
            # seed-demo leaves the demo storefront's key here, not in the developer's instance/.
            "DEMO_SHOP_FILE": str(tmp_path_factory.mktemp("demo") / "demo_shop.json"),
        }
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(_app):
    _app.extensions["goodword_clock"].set(SettableClock().now())
    yield _app
    with _app.app_context():
        db.session.remove()
        empty_all_tables()


@pytest.fixture
def clock(app) -> SettableClock:
    return app.extensions["goodword_clock"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def commits(app):
    """How many COMMITs the app's connections sent while the test ran (group commit tests)."""
    sent: list[str] = []

    def record(conn):
        sent.append("COMMIT")

    with app.app_context():
        event.listen(db.engine, "commit", record)
        yield sent
        event.remove(db.engine, "commit", record)


@pytest.fixture
def on_postgres(test_database_url) -> None:
    if not test_database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: run with TEST_DATABASE_URL (make test does)")


@dataclass
class MerchantKeys:
    id: str
    secret: str
    publishable: str
    secret_key_id: str

    def headers(self, **extra: str) -> dict:
        return {"Authorization": f"Bearer {self.secret}", **extra}


@pytest.fixture
def make_merchant(app):
    """Create a merchant with a test secret and publishable key, committed."""

    def make(name: str = "Acme Outfitters", **settings) -> MerchantKeys:
        settings.setdefault("shop_url", "https://shop.acme.example/")
        settings.setdefault("allowed_domains", ["shop.acme.example"])
        with app.app_context():
            clock = app.extensions["goodword_clock"]
            merchant = merchants_service.create_merchant(
                db.session, name=name, now=clock.now(), **settings
            )
            issued = {
                kind: keys_service.issue_key(
                    db.session,
                    merchant=merchant,
                    kind=kind,
                    mode="test",
                    digest_secret=app.config["API_KEY_DIGEST_SECRET"],
                    now=clock.now(),
                )
                for kind in ("secret", "publishable")
            }
            db.session.commit()
            return MerchantKeys(
                id=merchant.id,
                secret=issued["secret"][1],
                publishable=issued["publishable"][1],
                secret_key_id=issued["secret"][0].id,
            )

    return make


@pytest.fixture
def merchant(make_merchant) -> MerchantKeys:
    return make_merchant()
