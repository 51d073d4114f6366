"""What every benchmark module shares: the Result row, a fresh database, the machine and commit.

Each module in bench/ exposes `run() -> list[Result]` and runs alone (`python bench/<module>.py`);
bench/run.py runs them all, prints one table and appends it to bench/RESULTS.md.
"""

import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `python bench/<module>.py` from anywhere
    sys.path.insert(0, str(REPO))

# The server that holds the benchmark databases; the admin database is only used to create them.
ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# Benchmark databases are named PREFIX + what they hold (bench_ledger, ...); a shared machine
# gives each person their own prefix.
DATABASE_PREFIX = os.environ.get("BENCH_DB_PREFIX", "bench_")


@dataclass
class Result:
    name: str  # the figure's group, e.g. "ledger"
    figure: str  # what was measured, e.g. "POST /v1/orders vs POST /bench/reference/orders"
    value: str  # formatted, e.g. "0.62x (1,104 / 1,780)"
    target: str  # e.g. ">= 0.5x"; "" when only reported
    passed: bool | None  # None: reported only, no target


def verdict(result: Result) -> str:
    return {True: "PASS", False: "FAIL", None: "reported"}[result.passed]


def database_name(what: str) -> str:
    """The benchmark database for `what`, e.g. bench_ledger."""
    return DATABASE_PREFIX + what


def database_url(name: str) -> str:
    """The plain `postgresql://` URL of database `name` on the benchmark server."""
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def sqlalchemy_url(name: str) -> str:
    from api.config import database_url as with_driver

    return with_driver(database_url(name))


def fresh_database(name: str) -> str:
    """Drop and create database `name` (bench_* only) and return its plain URL."""
    if not name.startswith("bench_"):
        raise ValueError(f"benchmark databases are named bench_*, not {name!r}")
    from api.config import database_url as with_driver

    engine = create_engine(with_driver(ADMIN_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return database_url(name)


def drop_database(name: str) -> None:
    from api.config import database_url as with_driver

    engine = create_engine(with_driver(ADMIN_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def migrated_database(name: str) -> str:
    """A fresh database `name` with Goodword's schema; returns its plain URL."""
    url = fresh_database(name)
    from flask_migrate import upgrade

    from api import create_app
    from core.db import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(name)})
    with app.app_context():
        upgrade(directory=str(REPO / "migrations"))
        db.session.remove()
        db.engine.dispose()
    return url


def machine() -> str:
    """e.g. `2 cores, 23 GiB RAM, AMD EPYC 7B13`."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError):
        memory = "RAM unknown"
    return f"{os.cpu_count()} cores, {memory}, {model}"


def commit() -> str:
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha + ("-dirty" if dirty else "")


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile of `samples` (fraction 0.5 is the median)."""
    if not samples:
        return float("nan")
    if fraction == 0.5:
        return statistics.median(samples)
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def print_table(results: list[Result]) -> None:
    rows = [(r.name, r.figure, r.value, r.target, verdict(r)) for r in results]
    header = ("group", "figure", "value", "target", "result")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(5)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def main(run) -> int:
    """For `if __name__ == "__main__": sys.exit(main(run))` in each module."""
    results = run()
    print_table(results)
    return 1 if any(result.passed is False for result in results) else 0
