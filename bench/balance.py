"""Balance read: GET /v1/promoters/{id}/balance as fast with 1,000,000 ledger entries as with 1,000.

Two databases, the same program (bench/ledger.py's: one merchant, 100 customers, a points
rule) and an order per customer recorded through the service (200 entries, every account
made). Then earn postings over the same 100 promoters, the measured one among them, by
INSERT ... SELECT, up to 1,000 entries in one database and 1,000,000 in the other, the account
balances moved to match so the books still balance, then each database VACUUM ANALYZEd and
CHECKPOINTed, as one that grew over months would be. Two servers, one per database, are asked
in turn, request by request (which goes first alternates), so a busy machine slows both alike.
Target: p50 ratio (large / small) <= 1.2, because a balance is read from the account rows,
never summed from the entries.

    python bench/balance.py     # databases bench_balance_small and bench_balance_large
"""

import http.client
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ledger
from common import Result, database_name, main, percentile, sqlalchemy_url
from server import serve

SMALL_DB = database_name("balance_small")
LARGE_DB = database_name("balance_large")
ORDERS = 100  # one per customer: 200 entries
SMALL_ENTRIES = 1_000
LARGE_ENTRIES = 1_000_000
WARMUP = 100
SAMPLES = 500
TARGET = 1.2


def seed(name: str, *, entries: int) -> tuple[ledger.Program, str]:
    """The program with an order per customer, then earn postings up to `entries`; returns
    (program, the measured promoter's id)."""
    from api import create_app
    from core.db import db
    from core.merchants.models import Merchant
    from referrals.promoters.models import Promoter
    from referrals.purchases import service as purchases
    from rewards.orders.service import Purchase

    program = ledger.prepare(name)
    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(name)})
    with app.app_context():
        clock = app.extensions["goodword_clock"]
        merchant = db.session.get(Merchant, program.merchant_id)
        for number in range(ORDERS):
            purchases.record_purchase(
                db.session, merchant=merchant, now=clock.now(), secret_keys=["bench"],
                purchase=Purchase(**ledger.order_body(f"seed-{number}", number % 100)),
            )
        db.session.commit()
        measured = db.session.scalar(
            select(Promoter.id).where(Promoter.external_id == "cust-42")
        )
        extra = (entries - 2 * ORDERS) // 2
        if extra > 0:
            _add_postings(db.session, program.merchant_id, extra)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    _settle(name)
    return program, measured


def _settle(name: str) -> None:
    """VACUUM ANALYZE and CHECKPOINT after the bulk load, as a database that grew to 1M entries
    over months would be: otherwise autovacuum and the checkpointer write the just-loaded rows
    out while the large side is being measured, and the ratio measures that, not the read."""
    from sqlalchemy import create_engine

    engine = create_engine(sqlalchemy_url(name), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
        connection.execute(text("CHECKPOINT"))
    engine.dispose()


def _add_postings(session, merchant_id: str, count: int) -> None:
    """`count` earn postings of 10 points, round robin over the 100 customers' pending
    accounts against the merchant's issued account: two entries each."""
    params = {"merchant": merchant_id, "count": count}
    accounts = """
        WITH pending AS (
            SELECT id AS account_id, owner,
                   row_number() OVER (ORDER BY owner) - 1 AS slot
            FROM ledger_accounts
            WHERE merchant_id = :merchant AND kind = 'pending' AND unit = 'points')
    """
    session.execute(text(accounts + """
        INSERT INTO ledger_transactions (id, merchant_id, promoter_id, kind, unit, key,
                                         cause_type, cause_id, description, created_at)
        SELECT 'txn_' || lpad(n::text, 26, '0'), :merchant, pending.owner, 'earn', 'points',
               'earn:bench:' || n, 'order', 'ord_' || lpad(n::text, 26, '0'),
               'Bench posting', now()
        FROM generate_series(1, :count) AS n JOIN pending ON pending.slot = n % 100
    """), params)
    session.execute(text(accounts + """
        INSERT INTO ledger_entries (transaction_id, account_id, amount)
        SELECT 'txn_' || lpad(n::text, 26, '0'), pending.account_id, 10
        FROM generate_series(1, :count) AS n JOIN pending ON pending.slot = n % 100
    """), params)
    session.execute(text("""
        INSERT INTO ledger_entries (transaction_id, account_id, amount)
        SELECT 'txn_' || lpad(n::text, 26, '0'),
               (SELECT min(id) FROM ledger_accounts WHERE merchant_id = :merchant
                AND owner = 'merchant' AND kind = 'issued' AND unit = 'points'), -10
        FROM generate_series(1, :count) AS n
    """), params)
    # Move the cached balances by what was posted, so the trial balance still holds.
    session.execute(text("""
        UPDATE ledger_accounts AS account
        SET balance = account.balance + posted.total,
            credited_total = account.credited_total + greatest(posted.total, 0)
        FROM (SELECT account_id, sum(amount) AS total FROM ledger_entries
              WHERE transaction_id LIKE 'txn\\_000%' GROUP BY account_id) AS posted
        WHERE account.id = posted.account_id
    """))
    session.commit()


def timed_get(connection: http.client.HTTPConnection, path: str, headers: dict) -> float:
    began = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - began
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status}")
    return elapsed


def run() -> list[Result]:
    began = time.monotonic()
    small, small_promoter = seed(SMALL_DB, entries=SMALL_ENTRIES)
    large, large_promoter = seed(LARGE_DB, entries=LARGE_ENTRIES)
    print(f"seeded 1k and 1M entries in {time.monotonic() - began:.0f} s", flush=True)
    samples: dict[str, list[float]] = {"small": [], "large": []}
    with serve(small.database_url) as small_url, serve(large.database_url) as large_url:
        targets = {}
        for label, url, program, promoter in (
            ("small", small_url, small, small_promoter),
            ("large", large_url, large, large_promoter),
        ):
            address = urlsplit(url)
            targets[label] = (
                http.client.HTTPConnection(address.hostname, address.port, timeout=10),
                f"/v1/promoters/{promoter}/balance",
                {"Authorization": f"Bearer {program.secret_key}"},
            )
        for round_number in range(WARMUP + SAMPLES):
            # Small then large, then large then small: neither side always goes first.
            order = ("small", "large") if round_number % 2 else ("large", "small")
            for label in order:
                target = targets[label]
                elapsed = timed_get(*target)
                if round_number >= WARMUP:
                    samples[label].append(elapsed)
        for connection, _, _ in targets.values():
            connection.close()
    small_p50 = percentile(samples["small"], 0.5) * 1e3
    large_p50 = percentile(samples["large"], 0.5) * 1e3
    ratio = large_p50 / small_p50
    return [
        Result("balance", "GET balance p50, 1k vs 1M ledger entries",
               f"{ratio:.2f}x ({small_p50:.2f} / {large_p50:.2f} ms)", f"<= {TARGET}x",
               ratio <= TARGET),
    ]


if __name__ == "__main__":
    sys.exit(main(run))
