"""An acknowledged click survives the app server being killed: its 302 is sent only after commit.

The production server configuration (bench/server.py: granian, 2 workers, group commit on
PostgreSQL) takes clicks from 16 keep-alive clients; mid-load every server process is SIGKILLed.
Each 302 a client received names its click (`gw_click=` in the Location); every one of them
must be in the clicks table. A server that answered before committing fails this: its last
batches are acknowledged and lost (checked by hand with a writer that wakes its requests after
the INSERT and commits 20 ms later). Waking them a few microseconds before sending COMMIT would
slip through: a COMMIT already sent completes even when its client is killed.
"""

import http.client
import os
import signal
import threading
import time
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from bench import server as production
from core.db import db
from referrals.clicks.models import Click
from referrals.links import service as links
from referrals.promoters import service as promoters_service
from tests.threads import join_all

CLIENTS = 16


def test_every_acknowledged_click_survives_a_killed_server(
    app, clock, merchant, on_postgres, test_database_url
):
    with app.app_context():
        promoter, _ = promoters_service.enroll_promoter(
            db.session, merchant_id=merchant.id, now=clock.now()
        )
        db.session.commit()
        token = links.sign_link(secret_keys=[production.SECRET_KEYS], merchant_id=merchant.id,
                                promoter_id=promoter.id, now=clock.now())
    acknowledged: list[str] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    with production.start(
        test_database_url, env={"CLICK_RATE_LIMIT": "1000000 per minute"}
    ) as running:
        port = urlsplit(running.base_url).port

        def shopper(number: int) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                while not stop.is_set():
                    try:
                        connection.request("GET", f"/r/{token}",
                                           headers={"User-Agent": f"durability-{number}"})
                        response = connection.getresponse()
                        response.read()
                    except (OSError, http.client.HTTPException):
                        return  # the server is gone; what it did not answer it never promised
                    if response.status != 302:
                        failures.append(AssertionError(f"answered {response.status}"))
                        return
                    location = urlsplit(response.getheader("Location"))
                    acknowledged.append(parse_qs(location.query)["gw_click"][0])
            finally:
                connection.close()

        threads = [threading.Thread(target=shopper, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 300 and time.monotonic() < deadline:
            time.sleep(0.01)
        in_flight = len(acknowledged)
        # Kill every server process at once, mid-load: no shutdown, no flush, no goodbye.
        os.killpg(running.process.pid, signal.SIGKILL)
        stop.set()
        join_all(threads, 15)

    assert not failures
    assert in_flight >= 300, "the load never got going"
    with app.app_context():
        db.session.remove()
        stored = set(db.session.scalars(select(Click.id).where(Click.merchant_id == merchant.id)))
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged clicks were lost"
