"""Sign-in flood: an API request's p50 while 40 clients send sign-ins for unknown emails, each
from a fresh address (X-Forwarded-For behind one trusted proxy, so no address limit stops them:
only the hashing cap stands between them and the CPU), against its p50 on the quiet server, in
one run. The production server (bench/server.py: granian, 2 workers) with Redis counting the
attempts. Target: the flooded p50 within 3x of the quiet one. Issue 25 measured 9 ms against
2,110 ms (234x) before the cap.

    python bench/sign_in_flood.py    # database bench_sign_in; Redis BENCH_REDIS_URL (DB 5)
"""

import http.client
import json
import multiprocessing
import os
import re
import secrets
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ledger
from common import Result, database_name, main, percentile
from server import serve

DATABASE = database_name("sign_in")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
FLOOD_CLIENTS = 40
# The flood's clients run in their own processes: threads beside the measuring one would make
# it wait for this process's GIL, and the figure would measure the client, not the server.
FLOOD_PROCESSES = 2
WARMUP = 50
# Fewer for a quick look (a flooded server without the cap answers in seconds).
SAMPLES = int(os.environ.get("BENCH_SIGN_IN_SAMPLES") or 300)
TARGET = 3.0


def timed_get(connection: http.client.HTTPConnection, path: str, headers: dict) -> float:
    began = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - began
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status}")
    return elapsed


def api_p50(host: str, port: int, path: str, headers: dict) -> float:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    samples = []
    try:
        for number in range(WARMUP + SAMPLES):
            elapsed = timed_get(connection, path, headers)
            if number >= WARMUP:
                samples.append(elapsed)
    finally:
        connection.close()
    return percentile(samples, 0.5) * 1e3


def flood(host: str, port: int, stop: threading.Event, answers: Counter,
          lock: threading.Lock) -> None:
    """One client: a sign-in page for its cookie and token, then unknown emails until told."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.request("GET", "/dashboard/login")
    page = connection.getresponse()
    cookie = (page.getheader("Set-Cookie") or "").split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.read().decode()).group(1)
    while not stop.is_set():
        body = urllib.parse.urlencode({"email": f"{secrets.token_hex(6)}@nobody.example",
                                       "password": "guess-" + secrets.token_hex(4),
                                       "csrf_token": token})
        address = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
        try:
            connection.request("POST", "/dashboard/login", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                "X-Forwarded-For": address})
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=60)
            status = 0
        with lock:
            answers[status] += 1
    connection.close()


def flood_process(host: str, port: int, clients: int, stop, counts) -> None:
    """`clients` flooding threads until `stop` is set; their answers put on `counts`."""
    lock, answers, done = threading.Lock(), Counter(), threading.Event()
    threads = [threading.Thread(target=flood, args=(host, port, done, answers, lock))
               for _ in range(clients)]
    for thread in threads:
        thread.start()
    stop.wait()
    done.set()
    for thread in threads:
        thread.join(90)
    counts.put(dict(answers))


def run() -> list[Result]:
    program = ledger.prepare(DATABASE)
    env = {"REDIS_URL": REDIS_URL, "TRUSTED_PROXIES": "1"}
    spawn = multiprocessing.get_context("spawn")
    with serve(program.database_url, env=env) as base_url:
        address = urlsplit(base_url)
        host, port = address.hostname, address.port
        headers = {"Authorization": f"Bearer {program.secret_key}"}
        listing = http.client.HTTPConnection(host, port, timeout=10)
        listing.request("GET", "/v1/promoters?limit=1", headers=headers)
        promoter = json.loads(listing.getresponse().read())["data"][0]["id"]
        listing.close()
        path = f"/v1/promoters/{promoter}"
        quiet = api_p50(host, port, path, headers)
        stop, counts = spawn.Event(), spawn.Queue()
        flooders = [spawn.Process(target=flood_process, args=(
            host, port, FLOOD_CLIENTS // FLOOD_PROCESSES, stop, counts))
            for _ in range(FLOOD_PROCESSES)]
        for flooder in flooders:
            flooder.start()
        time.sleep(5)  # the flood under way
        began = time.monotonic()
        flooded = api_p50(host, port, path, headers)
        seconds = time.monotonic() - began + 5
        stop.set()
        answers: Counter = Counter()
        for _ in flooders:
            answers.update(counts.get(timeout=120))
        for flooder in flooders:
            flooder.join(30)
    ratio = flooded / quiet
    rate = sum(answers.values()) / seconds
    answered = ", ".join(f"{status}: {count}" for status, count in sorted(answers.items()))
    return [
        Result("sign_in", f"GET /v1/promoters/{{id}} p50, flooded vs quiet "
               f"({FLOOD_CLIENTS} clients, unknown emails)",
               f"{ratio:.2f}x ({quiet:.1f} / {flooded:.1f} ms)", f"<= {TARGET:.0f}x",
               ratio <= TARGET),
        Result("sign_in", "the flood's sign-ins, by status", f"{answered} ({rate:.0f}/s)",
               "", None),
    ]


if __name__ == "__main__":
    sys.exit(main(run))
