"""Production refuses to start on development secrets; the database URL picks psycopg 3."""

import pytest

from api.config import DEV_SECRET, ConfigurationError, load_settings

STRONG = "s" * 40


def test_development_runs_on_defaults_with_sqlite_in_instance():
    settings = load_settings({}, "/srv/goodword/instance")
    assert settings["SQLALCHEMY_DATABASE_URI"] == (
        "sqlite:////srv/goodword/instance/goodword.sqlite3"
    )
    assert settings["GOODWORD_SECRET_KEYS"] == [DEV_SECRET]


@pytest.mark.parametrize(
    "environ",
    [
        {"GOODWORD_ENV": "production"},
        {"GOODWORD_ENV": "production", "SECRET_KEYS": DEV_SECRET, "API_KEY_DIGEST_SECRET": STRONG},
        {"GOODWORD_ENV": "production", "SECRET_KEYS": "short", "API_KEY_DIGEST_SECRET": STRONG},
        {"GOODWORD_ENV": "production", "SECRET_KEYS": STRONG},
        {"GOODWORD_ENV": "staging"},
    ],
)
def test_production_refuses_default_or_weak_secrets(environ):
    with pytest.raises(ConfigurationError):
        load_settings(environ, "/tmp")


def test_secret_keys_rotate_newest_last():
    settings = load_settings(
        {"GOODWORD_ENV": "production", "SECRET_KEYS": f"{'a' * 32}, {'b' * 32}",
         "API_KEY_DIGEST_SECRET": STRONG},
        "/tmp",
    )
    assert settings["GOODWORD_SECRET_KEYS"] == ["a" * 32, "b" * 32]
    assert settings["SECRET_KEY"] == "b" * 32
    assert settings["SECRET_KEY_FALLBACKS"] == ["a" * 32]


@pytest.mark.parametrize(
    "url", ["postgres://u@h/db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db"]
)
def test_postgres_urls_use_psycopg3(url):
    settings = load_settings({"DATABASE_URL": url}, "/tmp")
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
