"""Load test of the click path's rate limit: gunicorn with two worker processes on loopback,
behind one trusted proxy (TRUSTED_PROXIES=1), counting in the real Redis. One address hammers a
link from 16 threads while another clicks normally: the hammering address gets exactly the
limit through (both processes share one count) and 429s after, the other address never waits."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

from tests.support.referrals import enroll
from tests.threads import wait_all

REDIS_URL = "redis://127.0.0.1:6379/14"
LIMIT = 60
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(test_database_url, app):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": test_database_url,
           "GOODWORD_ENV": "test", "REDIS_URL": REDIS_URL, "TRUSTED_PROXIES": "1",
           "CLICK_RATE_LIMIT": f"{LIMIT} per minute", "PUBLIC_URL": "http://goodword.test"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "8", "wsgi:app"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                break
        except OSError:
            pass
        finally:
            connection.close()
        assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
        time.sleep(0.2)
    yield port
    server.terminate()
    server.wait(30)


def click(port: int, code: str, address: str) -> tuple[int, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", f"/r/{code}", headers={"X-Forwarded-For": address})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status == 429:
        assert b'"rate_limited"' in body
    return response.status, response.getheader("Retry-After")


def test_the_limit_holds_under_load_and_others_click_freely(client, merchant, gunicorn):
    code = enroll(client, merchant)["code"]
    # Fresh addresses each run: the counts live in a Redis other test runs share.
    attacker = f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"
    shopper = f"2001:db8:1::{secrets.token_hex(2)}:{secrets.token_hex(2)}"
    with ThreadPoolExecutor(max_workers=16) as pool:
        hammering = [pool.submit(click, gunicorn, code, attacker) for _ in range(400)]
        normal = [pool.submit(click, gunicorn, code, shopper) for _ in range(LIMIT - 10)]
        wait_all(hammering + normal, 120)
        attacker_results = [future.result() for future in hammering]
        shopper_results = [future.result() for future in normal]
    statuses = Counter(status for status, _ in attacker_results)
    print(f"attacker: {dict(statuses)}; shopper: "
          f"{dict(Counter(status for status, _ in shopper_results))}")
    assert statuses == {302: LIMIT, 429: 400 - LIMIT}
    assert all(int(retry) > 0 for status, retry in attacker_results if status == 429)
    assert [status for status, _ in shopper_results] == [302] * (LIMIT - 10)
