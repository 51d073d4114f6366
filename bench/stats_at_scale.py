"""Stage counts stay fast as clicks pile up: the same answers from 10k and from 1M clicks.

First 10,000 clicks land in the last 7 days; both queries are timed. Then 990,000 more clicks land
before that week and on other promoters, so both queries give the same answer as before.
Target: each query takes at most 3x as long on the 1M-click table, because it reads an index
range, not the table (a table scan would make the ratio about 100x). Ratios in one run, so a
busy machine cancels out.

    make bench-stats     # needs PostgreSQL; uses the database goodword_bench (recreated)
"""

import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text

from api import create_app
from api.config import database_url
from core.db import db
from referrals.journey import stats

ADMIN_URL = database_url(os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1/test"))
BENCH_URL = ADMIN_URL.rsplit("/", 1)[0] + "/goodword_bench"
TARGET_RATIO = 3.0
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def recreate_database() -> None:
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS goodword_bench WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE goodword_bench"))
    engine.dispose()


def load_clicks(count: int, first: int, *, recent: bool) -> None:
    """`count` clicks, 10% invalid: in the last 7 days across all promoters (`recent`), or in
    the 90 days before that and never on the measured promoter (number 42)."""
    promoter = "n % 1000" if recent else "CASE WHEN n % 1000 = 42 THEN 43 ELSE n % 1000 END"
    offset = "0" if recent else "8 * 86400"
    spread = "7 * 86400" if recent else "82 * 86400"
    db.session.execute(
        text(
            f"""
            INSERT INTO clicks (id, merchant_id, promoter_id, visitor_id, valid, invalid_reason,
                                created_at)
            SELECT 'clk_' || lpad(n::text, 26, '0'), 'mer_bench',
                   'pro_' || lpad(({promoter})::text, 26, '0'), 'v' || (n % 200000),
                   n % 10 <> 0, CASE WHEN n % 10 = 0 THEN 'unknown_promoter' END,
                   :now - make_interval(secs => {offset} + (n::bigint * 7919) % ({spread}))
            FROM generate_series(CAST(:first AS integer), CAST(:last AS integer)) AS n
            """
        ),
        {"first": first, "last": first + count - 1, "now": NOW},
    )
    db.session.commit()
    db.session.execute(text("ANALYZE clicks"))


def timed(query, repeats: int = 30) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        query()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def promoter_query():
    return stats.promoter_counts(db.session, promoter_id="pro_" + "0" * 23 + "042")


def journey_query():
    return stats.journey_counts(
        db.session, merchant_id="mer_bench", since=NOW - timedelta(days=7), until=NOW
    )


def answers():
    return promoter_query(), journey_query()


def measure() -> dict[str, float]:
    return {"promoter counts": timed(promoter_query), "7-day journey": timed(journey_query)}


def main() -> int:
    recreate_database()
    app = create_app({"SQLALCHEMY_DATABASE_URI": BENCH_URL})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.session.execute(
            text(
                "INSERT INTO merchants VALUES ('mer_bench', 'Bench', 'https://b.example/', "
                "'[\"b.example\"]', 'USD', 30, 14, now())"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO promoters (id, merchant_id, code, code_key, status, created_at) "
                "SELECT 'pro_' || lpad(n::text, 26, '0'), 'mer_bench', 'C' || n, 'c' || n, "
                "'active', now() FROM generate_series(0, 999) AS n"
            )
        )
        load_clicks(10_000, 1, recent=True)
        small = measure()
        small_answers = answers()
        load_clicks(990_000, 10_001, recent=False)
        large = measure()
        if answers() != small_answers:
            print("the extra clicks changed the answers: the benchmark is wrong")
            return 1
        db.session.remove()
        db.engine.dispose()
    failed = False
    print(f"{'query':<18}{'10k clicks':>12}{'1M clicks':>12}{'ratio':>8}{'target':>8}  result")
    for name in small:
        ratio = large[name] / small[name]
        verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
        failed |= verdict == "FAIL"
        print(f"{name:<18}{small[name] * 1e3:>10.2f}ms{large[name] * 1e3:>10.2f}ms"
              f"{ratio:>8.2f}{'<=' + str(TARGET_RATIO):>8}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
