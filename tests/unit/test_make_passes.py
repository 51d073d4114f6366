"""`make test TEST_DATABASE_URL=...` as the README shows it: the SQLite pass gets no database
URL (make exports command-line variables to every recipe) and each pass names its engine, which
tests/conftest.py enforces. Runs the Makefile's recipes with a stand-in pytest that reports the
environment it was given."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
URL = "postgresql://postgres@127.0.0.1:5432/elsewhere"


def _environment_of_pytest(target: str, tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # install is satisfied: the stand-in goodword is newer than pyproject.toml.
    (bin_dir / "goodword").touch()
    report = tmp_path / "environment"
    pytest_script = bin_dir / "pytest"
    pytest_script.write_text(f"#!/bin/sh\nenv > {report}\n")
    pytest_script.chmod(0o755)
    environ = {key: value for key, value in os.environ.items()
               if not key.startswith(("TEST_DATABASE", "MAKE"))}
    subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), target,
                    f"BIN={bin_dir}", f"TEST_DATABASE_URL={URL}"],
                   env=environ, check=True, capture_output=True, timeout=60)
    return dict(line.split("=", 1) for line in report.read_text().splitlines() if "=" in line)


@pytest.fixture(autouse=True)
def _make(tmp_path):
    if not shutil.which("make"):
        pytest.skip("needs make")


def test_the_sqlite_pass_gets_no_database_url_even_from_makes_command_line(tmp_path):
    environment = _environment_of_pytest("test-sqlite", tmp_path)
    assert "TEST_DATABASE_URL" not in environment
    assert environment["TEST_DATABASE_ENGINE"] == "sqlite"


def test_the_postgresql_pass_gets_the_url_it_was_given(tmp_path):
    environment = _environment_of_pytest("test-postgres", tmp_path)
    assert environment["TEST_DATABASE_URL"] == URL
    assert environment["TEST_DATABASE_ENGINE"] == "postgresql"
