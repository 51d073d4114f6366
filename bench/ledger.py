"""Ledger path: paid orders that each earn a reward, against pgbench's TPC-B-like script.

One merchant, 100 customers who are promoters, one rule (1 point per dollar to the customer), so
every order is one `earn` posting: a pending reward lot, the promoter's pending account and the
merchant's `issued` account. 8 concurrent clients post orders with new external ids:

- through HTTP: wrk (8 keep-alive connections) sends POST /v1/orders to the production server
  (bench/server.py); reported beside it, the same orders each with a promoter's code (a sale a
  promoter announced), credited to her, and the same orders from 64 connections (a flash
  sale: more buyers at once than the server has threads);
- directly: 8 threads call the service the handler calls (referrals.purchases.record_purchase),
  each order its own transaction, as the request boundary commits it; 4 threads in each of 2
  processes, as the server has 2 workers (8 threads under one GIL measured one core, not the
  service).

pgbench runs its TPC-B-like script (scale 10, 8 clients) on the same PostgreSQL in the same run.
Targets: HTTP >= 0.5x pgbench tps, direct >= 0.8x, and no errors (any non-2xx counts).
Reported beside them: the same requests to POST /bench/reference/orders, which authenticates,
checks and answers exactly as POST /v1/orders does but records nothing: the ceiling the HTTP
figure could reach if recording an order cost nothing.

    python bench/ledger.py      # databases bench_h9b_ledger and bench_h9b_pgbench, recreated
"""

import json
import os
import re
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
    fresh_database,
    main,
    migrated_database,
    percentile,
    sqlalchemy_url,
)
from server import serve

LEDGER_DB = database_name("ledger")
PGBENCH_DB = database_name("pgbench")
CLIENTS = 8
PROMOTERS = 100
DURATION = float(os.environ.get("BENCH_DURATION", 20))
WARMUP = float(os.environ.get("BENCH_WARMUP", 5))
CROWD = 64  # clients of the flash-sale figure: as many as the server's threads, and more
HTTP_TARGET = 0.5
DIRECT_TARGET = 0.8
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
    from api.context import digest_secret, now
    from core.db import db
    from core.merchants import keys, service
    from referrals import service as promoters
    from rewards import rule_definitions

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


def order_body(external_id: str, customer: int) -> dict:
    return {"external_id": external_id, "customer_external_id": f"cust-{customer}",
            "amount": ORDER_AMOUNT, "currency": "USD"}


# --- pgbench ---------------------------------------------------------------------------------

def pgbench_tps(name: str = PGBENCH_DB, duration: float = DURATION) -> float:
    """TPC-B-like, scale 10, 8 clients: transactions per second."""
    url = fresh_database(name)
    subprocess.run(["pgbench", "-i", "-s", "10", "-q", url], check=True, capture_output=True)
    output = subprocess.run(
        ["pgbench", "-c", str(CLIENTS), "-j", "2", "-T", str(round(duration)), url],
        check=True, capture_output=True, text=True,
    ).stdout
    match = re.search(r"tps = ([\d.]+)", output)
    if match is None:
        raise RuntimeError(f"pgbench printed no tps:\n{output}")
    return float(match.group(1))


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


def wrk_orders(base_url: str, secret_key: str, duration: float, path: str = "/v1/orders",
               *, code: str | None = None, clients: int = CLIENTS) -> Load:
    """`code`: a promoter's code sent with every order."""
    extra = f"',\"code\":\"{code}\"'" if code else "''"
    script = (WRK_SCRIPT.replace("PROMOTERS", str(PROMOTERS)).replace("AMOUNT", str(ORDER_AMOUNT))
              .replace("ORDERS_PATH", path).replace("EXTRA", extra))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        output = subprocess.run(
            ["wrk", "-t", "2", "-c", str(clients), "-d", f"{round(duration)}s", "--timeout",
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
    from referrals import purchases
    from rewards.orders import Purchase

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
                body = order_body(f"{run}-{number}-{count}", (count * 7 + number * 13) % PROMOTERS)
                began = time.perf_counter()
                try:
                    merchant = db.session.get(Merchant, program.merchant_id)
                    purchases.record_purchase(db.session, merchant=merchant,
                                              purchase=Purchase(**body), now=clock.now(),
                                              secret_keys=secret_keys)
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


# --- the figures -----------------------------------------------------------------------------

def run() -> list[Result]:
    if shutil.which("wrk") is None or shutil.which("pgbench") is None:
        raise RuntimeError("needs wrk and pgbench (make bench installs them)")
    program = prepare()
    with serve(program.database_url, env={"BENCH_REFERENCE_ROUTE": "1"}) as base_url:
        wrk_orders(base_url, program.secret_key, WARMUP)
        http = wrk_orders(base_url, program.secret_key, DURATION)
        with_code = wrk_orders(base_url, program.secret_key, DURATION,
                               code=program.promoter_code)
        crowd = wrk_orders(base_url, program.secret_key, DURATION, clients=CROWD)
        pipeline = wrk_orders(base_url, program.secret_key, DURATION, REFERENCE_PATH)
    direct_orders(program, WARMUP)
    direct = direct_orders(program, DURATION)
    reference = pgbench_tps()
    results = []
    for label, load, target in (("POST /v1/orders", http, HTTP_TARGET),
                                ("direct service call", direct, DIRECT_TARGET)):
        ratio = load.per_second / reference
        results += [
            Result("ledger", f"{label}: orders/s vs pgbench TPC-B tps",
                   f"{ratio:.2f}x ({load.per_second:,.0f} / {reference:,.0f})",
                   f">= {target}x", ratio >= target),
            Result("ledger", f"{label}: latency p50 / p95 / p99",
                   f"{load.p50_ms:.1f} / {load.p95_ms:.1f} / {load.p99_ms:.1f} ms", "", None),
            Result("ledger", f"{label}: errors", str(load.errors), "0", load.errors == 0),
        ]
    results.append(Result(
        "ledger", "POST /v1/orders, each with a promoter's code: orders/s vs pgbench",
        f"{with_code.per_second / reference:.2f}x ({with_code.per_second:,.0f} / "
        f"{reference:,.0f}), p50 {with_code.p50_ms:.1f} ms, {with_code.errors} errors",
        "0 errors", with_code.errors == 0))
    results.append(Result(
        "ledger", f"POST /v1/orders with {CROWD} clients (a flash sale): orders/s vs pgbench",
        f"{crowd.per_second / reference:.2f}x ({crowd.per_second:,.0f} / {reference:,.0f}), "
        f"p50 / p99 {crowd.p50_ms:.0f} / {crowd.p99_ms:.0f} ms, {crowd.errors} errors",
        "0 errors", crowd.errors == 0))
    # The request around the order, measured alone: how far the HTTP target is reachable.
    results += [
        Result("ledger", f"POST {REFERENCE_PATH} (the request, no order) vs pgbench",
               f"{pipeline.per_second / reference:.2f}x ({pipeline.per_second:,.0f} / "
               f"{reference:,.0f}), {pipeline.errors} errors", "", None),
        Result("ledger", f"POST /v1/orders vs POST {REFERENCE_PATH}",
               f"{http.per_second / pipeline.per_second:.2f}x", "", None),
    ]
    return results


if __name__ == "__main__":
    sys.exit(main(run))
