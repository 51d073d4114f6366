"""Click path: GET /r/{token} with every click committed, against a route that only verifies.

Both routes are served by one production server (bench/server.py: granian, 2 workers, 32
blocking threads each, PostgreSQL) started with BENCH_REFERENCE_ROUTE=1, and loaded by wrk
(2 threads, 64 keep-alive connections) cycling through the signed links of 100 promoters:

- reference: GET /bench/reference/{token}: verify the token, 302. No database.
- clicks: GET /r/{token}: verify, record the click (group commit), cookies, 302.

They alternate four times (4 s each after a 2 s warm-up) and the ratio is of the summed
requests, so a busy neighbour hurts both sides alike. Target: clicks >= 0.6x reference.

Rate limits during the bench: the target figure is measured with them off (RATELIMIT_ENABLED=0):
it is the click path's own cost, and wrk sends everything from one address, which the default
CLICK_RATE_LIMIT (600 per minute per address) would answer with 429s. The ratio with the click
limit on is reported beside it, from a second server with the limiter in process memory (as
without REDIS_URL) at CLICK_RATE_LIMIT=1000000 per second so that one address is never refused;
with REDIS_URL each click would also wait for a Redis round trip.

The naive design (CLICK_GROUP_COMMIT=0: one INSERT and COMMIT per click in the request) is
measured once for comparison, reported only.

Memory: one worker's RSS sampled every second through a 60 s click run (rate limit on); peak
reported, and the mean of the last 10 s must be within 10 % of the first 10 s (no leak).

    python bench/clicks.py      # needs PostgreSQL and wrk; database bench_clicks (recreated)
"""

import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import server
from common import Result, database_name, main, migrated_database, sqlalchemy_url

PROMOTERS = 100
CONNECTIONS = 64
ROUNDS = 4
SECONDS = 4
WARMUP = 2
MEMORY_SECONDS = 60
TARGET_RATIO = 0.6
MAX_GROWTH = 0.10
UNLIMITED = {"BENCH_REFERENCE_ROUTE": "1", "RATELIMIT_ENABLED": "0"}
LIMITED = {"BENCH_REFERENCE_ROUTE": "1", "CLICK_RATE_LIMIT": "1000000 per second"}

WRK_SCRIPT = """
local tokens = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "%s" .. tokens[(counter %% #tokens) + 1])
end
"""


def seed(name: str) -> list[str]:
    """A merchant with PROMOTERS promoters; returns their signed link tokens."""
    from datetime import UTC, datetime

    from api import create_app
    from core.db import db
    from core.merchants import service as merchants_service
    from referrals.links import service as links
    from referrals.promoters import service as promoters_service

    now = datetime.now(UTC)
    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(name)})
    with app.app_context():
        merchant = merchants_service.create_merchant(
            db.session, name="Bench Bikes", shop_url="https://shop.bench.example/",
            allowed_domains=["shop.bench.example"], now=now,
        )
        tokens = []
        for number in range(PROMOTERS):
            promoter, _ = promoters_service.enroll_promoter(
                db.session, merchant_id=merchant.id, now=now, external_id=f"bench-{number}"
            )
            tokens.append(links.sign_link(secret_keys=[server.SECRET_KEYS],
                                          merchant_id=merchant.id, promoter_id=promoter.id,
                                          now=now))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return tokens


def wrk(base_url: str, script: Path, seconds: int) -> dict:
    """Requests per second and error counts of one wrk run."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", str(script), base_url],
        capture_output=True, text=True, check=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": requests,
        "errors": (int(bad.group(1)) if bad else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
    }


def scripts(directory: Path, tokens: list[str]) -> dict[str, Path]:
    quoted = ", ".join(f'"{token}"' for token in tokens)
    paths = {}
    for route, prefix in (("reference", "/bench/reference/"), ("clicks", "/r/")):
        paths[route] = directory / f"{route}.lua"
        paths[route].write_text(WRK_SCRIPT % (quoted, prefix))
    return paths


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def memory_run(running: server.Server, script: Path) -> tuple[list[int], dict]:
    """RSS samples (KiB, one a second) of the first worker through a MEMORY_SECONDS click run."""
    pid = running.worker_pids()[0]
    samples: list[int] = []
    finished = threading.Event()

    def sample() -> None:
        while not finished.wait(1.0):
            samples.append(rss_kib(pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        figures = wrk(running.base_url, script, MEMORY_SECONDS)
    finally:
        finished.set()
        sampler.join()
    return samples, figures


def ratio_rounds(running: server.Server, lua: dict[str, Path], rounds: int,
                 seconds: int) -> tuple[float, float, int]:
    """Reference and click req/s, alternating `rounds` times; and the errors seen."""
    for route in ("reference", "clicks"):
        wrk(running.base_url, lua[route], WARMUP)
    runs = {"reference": [], "clicks": []}
    for _ in range(rounds):
        for route in ("reference", "clicks"):
            runs[route].append(wrk(running.base_url, lua[route], seconds))
    errors = sum(r["errors"] for each in runs.values() for r in each)
    reference, clicks = (sum(r["requests"] for r in runs[route]) / (rounds * seconds)
                         for route in ("reference", "clicks"))
    return reference, clicks, errors


def run() -> list[Result]:
    name = database_name("clicks")
    url = migrated_database(name)
    tokens = seed(name)
    with tempfile.TemporaryDirectory() as directory:
        lua = scripts(Path(directory), tokens)
        with server.start(url, env={**UNLIMITED, "CLICK_GROUP_COMMIT": "0"}) as naive_server:
            wrk(naive_server.base_url, lua["clicks"], WARMUP)
            naive = wrk(naive_server.base_url, lua["clicks"], SECONDS)
        with server.start(url, env=UNLIMITED) as running:
            reference, clicks, errors = ratio_rounds(running, lua, ROUNDS, SECONDS)
        with server.start(url, env=LIMITED) as running:
            limited_reference, limited_clicks, limited_errors = ratio_rounds(
                running, lua, ROUNDS // 2, SECONDS)
            samples, memory_figures = memory_run(running, lua["clicks"])
    errors += limited_errors + memory_figures["errors"] + naive["errors"]
    ratio = clicks / reference
    limited_ratio = limited_clicks / limited_reference
    first = sum(samples[:10]) / len(samples[:10])
    last = sum(samples[-10:]) / len(samples[-10:])
    growth = last / first - 1
    return [
        Result("clicks", "GET /r/{token} req/s / reference (verify + 302) req/s, rate limit off",
               f"{ratio:.2f}x ({clicks:,.0f} / {reference:,.0f})", f">= {TARGET_RATIO}x",
               ratio >= TARGET_RATIO),
        Result("clicks", "the same with the click rate limit on (memory storage)",
               f"{limited_ratio:.2f}x ({limited_clicks:,.0f} / {limited_reference:,.0f})", "",
               None),
        Result("clicks", "naive: one INSERT + COMMIT per click (CLICK_GROUP_COMMIT=0) / reference",
               f"{naive['rps'] / reference:.2f}x ({naive['rps']:,.0f} req/s)", "", None),
        Result("clicks", "errors (non-3xx, socket) in every click and reference run",
               f"{errors}", "0", errors == 0),
        Result("clicks", f"peak RSS of one worker, {MEMORY_SECONDS} s of clicks (rate limit on)",
               f"{max(samples) / 1024:.1f} MiB ({memory_figures['rps']:,.0f} clicks/s)", "",
               None),
        Result("clicks", "RSS growth, last 10 s vs first 10 s of that run",
               f"{growth * 100:+.1f} % ({first / 1024:.1f} -> {last / 1024:.1f} MiB)",
               f"< {MAX_GROWTH * 100:.0f} %", growth < MAX_GROWTH),
    ]


if __name__ == "__main__":
    sys.exit(main(run))
