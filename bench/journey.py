"""Journey stats at scale: GET /v1/stats/journey and the dashboard journey page on a merchant
with 1,000,000 clicks and 100,000 referrals, all inside the default 30-day range.

Server time is measured in process with Flask's test client: from the WSGI call to the last
byte of the body (routing, auth, queries, template rendering), without sockets or a proxy.
Median of several requests after a warm-up. Target: <= 300 ms each.

The merchant is made by `goodword seed` (COPY) in the PostgreSQL database <prefix>journey and
kept: a later run reuses it when its counts are right, on a clock set just after the seed.

    python bench/journey.py
"""

import json
import os
import re
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ADMIN_URL, REPO, Result, database_name, main, sqlalchemy_url

CLICKS = 1_000_000
REFERRALS = 100_000
ORDERS = 20_000
MERCHANT = "Journey Bench"
OWNER, PASSWORD = "owner@journey-bench.test", "journey-bench-password"
TARGET_MS = 300
REPEATS = 7
DATABASE = database_name("journey")


def _ensure_database(name: str) -> None:
    from api.config import database_url as with_driver

    engine = create_engine(with_driver(ADMIN_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": name})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def _seeded_merchant(app):
    """The bench merchant if it holds the right counts, else None."""
    from core.db import db
    from core.merchants.models import Merchant
    from referrals.clicks.models import Click
    from referrals.signups.models import Referral

    for merchant in db.session.scalars(select(Merchant).where(Merchant.name == MERCHANT)):
        clicks = db.session.scalar(select(func.count()).where(Click.merchant_id == merchant.id))
        referrals = db.session.scalar(
            select(func.count()).where(Referral.merchant_id == merchant.id))
        if (clicks, referrals) == (CLICKS, REFERRALS):
            return merchant
    return None


def _seed(app) -> None:
    from api.cli.seed import seed_command

    print(f"seeding {CLICKS:,} clicks and {REFERRALS:,} referrals into {DATABASE} ...",
          file=sys.stderr)
    started = time.perf_counter()
    outcome = app.test_cli_runner().invoke(seed_command, [
        "--clicks", str(CLICKS), "--referrals", str(REFERRALS), "--orders", str(ORDERS),
        "--name", MERCHANT, "--owner-email", OWNER, "--owner-password", PASSWORD,
    ])
    if outcome.exit_code:
        raise RuntimeError(f"goodword seed failed: {outcome.output}") from outcome.exception
    print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _server_ms(client, path: str, **kwargs) -> tuple[float, bytes]:
    samples = []
    for attempt in range(REPEATS + 2):
        started = time.perf_counter()
        response = client.get(path, **kwargs)
        body = response.get_data()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}: {body[:300]!r}")
        if attempt >= 2:  # the first two warm the caches and the connection pool
            samples.append(elapsed)
    return statistics.median(samples), body


def run() -> list[Result]:
    from flask_migrate import upgrade

    from api import create_app
    from api.request.context import digest_secret
    from core.clock import SettableClock
    from core.db import db
    from core.merchants import keys as keys_service
    from referrals.journey import rollup as journey_rollup

    _ensure_database(DATABASE)
    clock = SettableClock()
    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(DATABASE), "CLOCK": clock,
                      "PUBLIC_URL": "http://127.0.0.1"})
    with app.app_context():
        upgrade(directory=str(REPO / "migrations"))
        merchant = _seeded_merchant(app)
        if merchant is None:
            _seed(app)
            merchant = _seeded_merchant(app)
        # Now is just after the seed (its merchant was made at the seed's now, every row
        # before it), so the default ranges hold every seeded row.
        clock.set(merchant.created_at + timedelta(seconds=1))
        # What the worker does every minute; a no-op when an earlier run already did it.
        while journey_rollup.roll_up(db.session, now=clock.now()):
            db.session.commit()
        _, secret = keys_service.issue_key(
            db.session, merchant=merchant, kind="secret", mode="test",
            digest_secret=digest_secret(), now=clock.now())
        db.session.commit()
        db.session.remove()

    api_ms, api_body = _server_ms(app.test_client(), "/v1/stats/journey",
                                  headers={"Authorization": f"Bearer {secret}"})
    dashboard = app.test_client()
    login = dashboard.get("/dashboard/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    signed_in = dashboard.post("/dashboard/login", data={
        "email": OWNER, "password": PASSWORD, "csrf_token": token})
    if signed_in.status_code != 302:
        raise RuntimeError("could not sign in to the dashboard as the seeded owner")
    page_ms, _ = _server_ms(dashboard, "/dashboard")
    counted = json.loads(api_body)
    if counted["clicks"] + counted["invalid_clicks"] != CLICKS or counted["signups"] != REFERRALS:
        raise RuntimeError(f"the default range did not hold the seeded rows: {counted}")
    with app.app_context():
        db.engine.dispose()
    scale = f"{CLICKS:,} clicks, {REFERRALS:,} referrals"
    # The machine is shared: the load beside the figure says how much of it was waiting.
    load = f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    return [
        Result("journey", f"GET /v1/stats/journey server time, median ({scale})",
               f"{api_ms:.0f} ms ({load})", f"<= {TARGET_MS} ms", api_ms <= TARGET_MS),
        Result("journey", f"dashboard journey page server time, median ({scale})",
               f"{page_ms:.0f} ms ({load})", f"<= {TARGET_MS} ms", page_ms <= TARGET_MS),
    ]


if __name__ == "__main__":
    sys.exit(main(run))
