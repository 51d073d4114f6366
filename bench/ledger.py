"""Order path: POST /v1/orders against the same request recording nothing, in one run.

One merchant, 100 customers who are promoters, a promoter who announces a sale (her code comes
with every order), and one rule: 1 point per dollar to the customer (points_per_currency_unit).
Every order is recorded by `referrals.purchases.service.record_purchase`, credited to her by the
code, and earns one `earn` posting: a pending reward lot, the customer's pending account and the
merchant's `issued` account. 8 concurrent clients post orders with new external ids:

- through HTTP: wrk (8 keep-alive connections) sends POST /v1/orders to the production server
  (bench/server.py), alternating with POST /bench/reference/orders, which authenticates,
  checks and answers exactly as POST /v1/orders does but records nothing (api/reference_route.py):
  the ceiling the order path could reach if recording an order cost nothing. Targets: orders
  >= 0.3x the reference's requests per second, p99 under 100 ms, no errors (any non-2xx counts).
- directly: 8 threads call the service the handler calls (record_purchase, each order its own
  transaction, as the request boundary commits it), 4 threads in each of 2 processes as the
  server has 2 workers; reported against the reference.
- statements: POST /v1/orders in process (Flask's test client, one at a time), every SQL
  statement counted with a `before_cursor_execute` listener, and the round trips (statements
  plus BEGIN, COMMIT or ROLLBACK, and the pool's pre-ping on checkout); reported per order.

    python bench/ledger.py   # database bench_ledger, recreated; BENCH_DURATION=10: a short run
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import server
from common import (
    Result,
    database_name,
    main,
    migrated_database,
    percentile,
    sqlalchemy_url,
)
from server import serve

LEDGER_DB = database_name("ledger")
CLIENTS = 8
PROMOTERS = 100
DURATION = float(os.environ.get("BENCH_DURATION", 20))
WARMUP = float(os.environ.get("BENCH_WARMUP", 5))
ROUNDS = 2  # orders and reference alternate, so a busy neighbour slows both alike
RATIO_TARGET = 0.3
P99_TARGET_MS = 100
COUNTED_ORDERS = 50  # orders whose statements are counted
ORDER_AMOUNT = 2599  # cents: 25 points under the rule
# POST /v1/orders without the order (api/reference_route.py): the request pipeline's ceiling.
REFERENCE_PATH = "/bench/reference/orders"


@dataclass(frozen=True)
class Program:
    database: str
    database_url: str
    merchant_id: str
    secret_key: str
    promoter_code: str  # of a promoter who is none of the customers


def prepare(name: str = LEDGER_DB) -> Program:
    """A fresh database with one merchant, its secret key, 100 customers, a promoter who
    announces the sale and the points rule."""
    url = migrated_database(name)
    from api import create_app
    from api.request.context import digest_secret, now
    from core.db import db
    from core.merchants import keys, service
    from referrals.promoters import service as promoters
    from rewards.program import rule_definitions

    # The key is digested as the production server (bench/server.py) will check it.
    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(name),
                      "API_KEY_DIGEST_SECRET": server.API_KEY_DIGEST_SECRET.encode()})
    with app.app_context():
        moment = now()
        merchant = service.create_merchant(
            db.session, name="Bench shop", shop_url="https://shop.example",
            allowed_domains=["shop.example"], now=moment,
        )
        _, raw_key = keys.issue_key(db.session, merchant=merchant, kind="secret", mode="test",
                                    digest_secret=digest_secret(), now=moment)
        rule_definitions.create_rule(
            db.session, merchant_id=merchant.id, trigger="order.paid", now=moment,
            definition={"name": "Points per dollar", "beneficiary": "customer",
                        "reward_type": "points_per_currency_unit", "reward_value": 1},
        )
        for number in range(PROMOTERS):
            promoters.enroll_promoter(db.session, merchant_id=merchant.id, now=moment,
                                      external_id=f"cust-{number}")
        influencer, _ = promoters.enroll_promoter(db.session, merchant_id=merchant.id,
                                                  now=moment, external_id="influencer")
        db.session.commit()
        program = Program(name, url, merchant.id, raw_key, influencer.code)
        db.session.remove()
        db.engine.dispose()
    return program


def order_body(external_id: str, customer: int, code: str) -> dict:
    return {"external_id": external_id, "customer_external_id": f"cust-{customer}",
            "amount": ORDER_AMOUNT, "currency": "USD", "code": code}


# --- through HTTP, with wrk ------------------------------------------------------------------

WRK_SCRIPT = """
local counter = 0
local next_thread = 0
function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end
function init(args)
  run = args[1]
  key = args[2]
end
function request()
  counter = counter + 1
  local body = string.format(
    '{"external_id":"%s-%d-%d","customer_external_id":"cust-%d","amount":%d,"currency":"USD"' ..
    EXTRA .. '}',
    run, thread_number, counter, (counter * 7 + thread_number * 13) % PROMOTERS, AMOUNT)
  return wrk.format("POST", "ORDERS_PATH",
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"non_2xx":%d,"socket_errors":%d,' ..
    '"p50_us":%d,"p95_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Load:
    per_second: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float


def wrk_orders(base_url: str, secret_key: str, duration: float, path: str, *, code: str
               ) -> Load:
    """`code`: the promoter's code sent with every order."""
    extra = f"',\"code\":\"{code}\"'"
    script = (WRK_SCRIPT.replace("PROMOTERS", str(PROMOTERS)).replace("AMOUNT", str(ORDER_AMOUNT))
              .replace("ORDERS_PATH", path).replace("EXTRA", extra))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        output = subprocess.run(
            ["wrk", "-t", "2", "-c", str(CLIENTS), "-d", f"{round(duration)}s", "--timeout",
             "10s", "-s", file.name, base_url, "--", uuid.uuid4().hex[:12], secret_key],
            check=True, capture_output=True, text=True,
        ).stdout
    finally:
        os.unlink(file.name)
    figures = json.loads(output.split("RESULT ", 1)[1].splitlines()[0])
    errors = figures["non_2xx"] + figures["socket_errors"]
    return Load(
        per_second=(figures["requests"] - errors) / (figures["duration_us"] / 1e6),
        errors=errors, p50_ms=figures["p50_us"] / 1e3, p95_ms=figures["p95_us"] / 1e3,
        p99_ms=figures["p99_us"] / 1e3,
    )


def combined(loads: list[Load]) -> Load:
    """Alternating runs of equal length as one: the mean rate and p50, the worst p95 and p99."""
    return Load(sum(load.per_second for load in loads) / len(loads),
                sum(load.errors for load in loads),
                sum(load.p50_ms for load in loads) / len(loads),
                max(load.p95_ms for load in loads), max(load.p99_ms for load in loads))


# --- directly, 8 threads calling the service -------------------------------------------------

def direct_orders(program: Program, duration: float) -> Load:
    """CLIENTS threads calling the service for `duration` seconds, spread over as many processes
    as the server has workers (one GIL each, as HTTP gets), each order its own transaction."""
    import multiprocessing

    run = uuid.uuid4().hex[:12]
    processes = server.WORKERS
    per_process = CLIENTS // processes
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        parts = pool.starmap(_direct_process, [
            (program, duration, run, [number * per_process + client
                                      for client in range(per_process)])
            for number in range(processes)
        ])
    samples = [sample for latencies, _, _ in parts for sample in latencies]
    errors = sum(part[1] for part in parts)
    elapsed = max(part[2] for part in parts)
    return Load(len(samples) / elapsed, errors, percentile(samples, 0.5) * 1e3,
                percentile(samples, 0.95) * 1e3, percentile(samples, 0.99) * 1e3)


def _direct_process(program: Program, duration: float, run: str, clients: list[int]
                    ) -> tuple[list[float], int, float]:
    """One process of direct_orders: a thread per client; (latencies, errors, seconds)."""
    from api import create_app
    from core.db import db
    from core.merchants.models import Merchant
    from referrals.purchases import service as purchases
    from rewards.orders.service import Purchase

    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(program.database)})
    latencies: list[float] = []
    errors = [0]
    start = threading.Barrier(len(clients) + 1)
    stop = threading.Event()

    def client(number: int) -> None:
        with app.app_context():
            clock = app.extensions["goodword_clock"]
            secret_keys = app.config["GOODWORD_SECRET_KEYS"]
            start.wait()
            count = 0
            while not stop.is_set():
                count += 1
                body = order_body(f"{run}-{number}-{count}", (count * 7 + number * 13) % PROMOTERS,
                                  program.promoter_code)
                code = body.pop("code")
                began = time.perf_counter()
                try:
                    merchant = db.session.get(Merchant, program.merchant_id)
                    purchases.record_purchase(db.session, merchant=merchant,
                                              purchase=Purchase(**body), now=clock.now(),
                                              secret_keys=secret_keys, code=code)
                    db.session.commit()
                except Exception:
                    db.session.rollback()
                    errors[0] += 1
                    continue
                finally:
                    db.session.remove()
                latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=client, args=(number,)) for number in clients]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(duration)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    with app.app_context():
        db.engine.dispose()
    return latencies, errors[0], elapsed


# --- statements per order, in process ------------------------------------------------------

@dataclass(frozen=True)
class Statements:
    statements: float
    round_trips: float


def statements_per_order(program: Program) -> Statements:
    """POST /v1/orders (with the code) COUNTED_ORDERS times through Flask's test client, after
    one order to warm up: SQL statements and database round trips per order."""
    from sqlalchemy import event

    from api import create_app
    from core.db import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(program.database),
                      "API_KEY_DIGEST_SECRET": server.API_KEY_DIGEST_SECRET.encode()})
    client = app.test_client()
    headers = {"Authorization": f"Bearer {program.secret_key}"}
    run = uuid.uuid4().hex[:12]
    counts = {"statements": 0, "other": 0}

    def statement(*_args, **_kwargs):
        counts["statements"] += 1

    def other(*_args, **_kwargs):  # BEGIN, COMMIT, ROLLBACK, the pre-ping on checkout
        counts["other"] += 1

    with app.app_context():
        engine = db.engine
    client.post("/v1/orders", json=order_body(f"{run}-warm", 0, program.promoter_code),
                headers=headers)
    listeners = [(engine, "before_cursor_execute", statement), (engine, "begin", other),
                 (engine, "commit", other), (engine, "rollback", other),
                 (engine.pool, "checkout", other)]
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    try:
        for number in range(COUNTED_ORDERS):
            response = client.post("/v1/orders", headers=headers, json=order_body(
                f"{run}-{number}", number % PROMOTERS, program.promoter_code))
            if response.status_code != 201:
                raise RuntimeError(f"order answered {response.status_code}: {response.text}")
    finally:
        for target, name, listener in listeners:
            event.remove(target, name, listener)
        with app.app_context():
            db.engine.dispose()
    return Statements(counts["statements"] / COUNTED_ORDERS,
                      (counts["statements"] + counts["other"]) / COUNTED_ORDERS)


# --- the figures -----------------------------------------------------------------------------

def run() -> list[Result]:
    if shutil.which("wrk") is None:
        raise RuntimeError("needs wrk (make bench installs it)")
    program = prepare()
    code = program.promoter_code
    orders, references = [], []
    with serve(program.database_url, env={"BENCH_REFERENCE_ROUTE": "1"}) as base_url:
        wrk_orders(base_url, program.secret_key, WARMUP, "/v1/orders", code=code)
        wrk_orders(base_url, program.secret_key, WARMUP, REFERENCE_PATH, code=code)
        for _ in range(ROUNDS):
            orders.append(wrk_orders(base_url, program.secret_key, DURATION / ROUNDS,
                                     "/v1/orders", code=code))
            references.append(wrk_orders(base_url, program.secret_key, DURATION / ROUNDS,
                                         REFERENCE_PATH, code=code))
    http, reference = combined(orders), combined(references)
    direct_orders(program, WARMUP)
    direct = direct_orders(program, DURATION)
    counted = statements_per_order(program)
    ratio = http.per_second / reference.per_second
    return [
        Result("ledger", f"POST /v1/orders (a promoter's code, a points rule, {CLIENTS} clients) "
               f"vs POST {REFERENCE_PATH}",
               f"{ratio:.2f}x ({http.per_second:,.0f} / {reference.per_second:,.0f} req/s)",
               f">= {RATIO_TARGET}x", ratio >= RATIO_TARGET),
        Result("ledger", "POST /v1/orders: latency p50 / p95 / p99",
               f"{http.p50_ms:.1f} / {http.p95_ms:.1f} / {http.p99_ms:.1f} ms",
               f"p99 < {P99_TARGET_MS} ms", http.p99_ms < P99_TARGET_MS),
        Result("ledger", f"POST {REFERENCE_PATH}: latency p50 / p99",
               f"{reference.p50_ms:.1f} / {reference.p99_ms:.1f} ms", "", None),
        Result("ledger", "errors (non-2xx, socket) in every run", str(http.errors
               + reference.errors + direct.errors), "0",
               http.errors + reference.errors + direct.errors == 0),
        Result("ledger", f"direct service call (record_purchase, {CLIENTS} threads in "
               f"{server.WORKERS} processes) vs POST {REFERENCE_PATH}",
               f"{direct.per_second / reference.per_second:.2f}x ({direct.per_second:,.0f} "
               f"orders/s), p50 / p99 {direct.p50_ms:.1f} / {direct.p99_ms:.1f} ms", "", None),
        Result("ledger", "SQL statements (round trips) per POST /v1/orders",
               f"{counted.statements:.1f} ({counted.round_trips:.1f})", "", None),
    ]


if __name__ == "__main__":
    sys.exit(main(run))
