"""Order history: a loyal customer's next order costs what anyone's does.

Whether an order is its customer's first decides first-order rewards, so every order asks
whether its customer ordered before. A batch of orders (referrals/order_writer.py) asks it for
all its customers at once; asked carelessly ("which of these customers have orders": every
order of theirs read, then made distinct) a customer's 5,000th order reads the other 4,999.
Measured when that was fixed (rewards.orders.order_history): 1.25x before (12.9 / 10.4 ms),
1.00x after; at 1,000 orders each the careless form cost 1.06-1.09x, too little to tell.

One database, bench/ledger.py's program (one merchant, 100 customers, a points rule): 50
customers with 5,000 orders each before the run (a wholesale buyer, a daily subscription over
years), inserted by INSERT ... SELECT, and 50 with one each, then VACUUM ANALYZEd as a database
that grew over months would be. Then batches of 4
orders through the order writer's batch (`OrderWriter._write`, one thread, no HTTP), in turn
for 4 loyal customers and for 4 others (which goes first alternates). Target: p50 ratio
(loyal / others) <= 1.2.

    python bench/order_history.py     # database bench_order_history, recreated
"""

import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ledger
from common import Result, database_name, main, percentile, sqlalchemy_url

DATABASE = database_name("order_history")
LOYAL_ORDERS = 5_000
LOYAL = range(0, 50)  # ledger.PROMOTERS customers: the first half ordered a lot
OTHERS = range(50, 100)
BATCH = 4
WARMUP = 30
ROUNDS = 300
TARGET = 1.2


def seed(name: str = DATABASE) -> ledger.Program:
    """The program, LOYAL_ORDERS orders for each loyal customer and one for each other."""
    program = ledger.prepare(name)
    from sqlalchemy import create_engine

    engine = create_engine(sqlalchemy_url(name), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("""
            INSERT INTO orders (id, merchant_id, external_id, customer_external_id, amount,
                                currency, refunded_amount, first_order, created_at)
            SELECT 'ord_seed_' || customer || '_' || number, :merchant,
                   'seed-' || customer || '-' || number, 'cust-' || customer, 2599, 'USD', 0,
                   number = 1, now() - interval '1 day' * (:orders - number + 1) / :orders
            FROM generate_series(0, 99) AS customer,
                 generate_series(1, :orders) AS number
            WHERE number = 1 OR customer < :loyal
        """), {"merchant": program.merchant_id, "orders": LOYAL_ORDERS, "loyal": LOYAL.stop})
        connection.execute(text("VACUUM ANALYZE orders"))
        connection.execute(text("CHECKPOINT"))
    engine.dispose()
    return program


def run() -> list[Result]:
    from api import create_app
    from core.db import db
    from core.merchants.models import Merchant
    from referrals.order_writer import OrderWriter
    from rewards.orders import Purchase

    program = seed()
    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(program.database)})
    run_id = uuid.uuid4().hex[:8]
    timings: dict[str, list[float]] = {"loyal": [], "others": []}
    with app.app_context():
        clock = app.extensions["goodword_clock"]
        writer = OrderWriter(db.engine)
        merchant = db.session.get(Merchant, program.merchant_id)
        db.session.close()

        def batch(group: str, customers: range, number: int) -> float:
            first = (number * BATCH) % len(customers)
            items = [(merchant.id, merchant, Purchase(**ledger.order_body(
                f"{run_id}-{group}-{number}-{k}", customers[(first + k) % len(customers)])),
                clock.now(), None) for k in range(BATCH)]
            began = time.perf_counter()
            answers = writer._write(items)
            elapsed = time.perf_counter() - began
            if not all(answers):
                raise RuntimeError(f"a batch for {group} was left to one order at a time")
            return elapsed

        for number in range(WARMUP + ROUNDS):
            order = [("loyal", LOYAL), ("others", OTHERS)]
            for group, customers in order if number % 2 else reversed(order):
                elapsed = batch(group, customers, number)
                if number >= WARMUP:
                    timings[group].append(elapsed)
        db.engine.dispose()
    loyal, others = (percentile(timings[group], 0.5) * 1e3 for group in ("loyal", "others"))
    ratio = loyal / others
    return [Result(
        "ledger", f"batch of {BATCH} orders p50, customers with {LOYAL_ORDERS:,} orders before "
        "vs with 1", f"{ratio:.2f}x ({loyal:.1f} / {others:.1f} ms)", f"<= {TARGET}x",
        ratio <= TARGET)]


if __name__ == "__main__":
    sys.exit(main(run))
