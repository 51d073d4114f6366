"""PostgreSQL restarted under load (connections dropped mid-request, then killed as by a power
cut): every request succeeds or answers 503 in the error object with Retry-After, a retry with
the same Idempotency-Key never records an order twice, nothing is half-written, and the app
recovers by itself (pool_pre_ping) without being restarted. The server is the test's own."""

import threading
import time
from collections import Counter

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from api import create_app
from core.clock import SettableClock
from core.db import db
from core.merchants import keys as keys_service
from core.merchants import service as merchants_service
from rewards.ledger.models import Reward
from rewards.orders.models import Order
from tests.threads import join_all

from .http_support import Answer, Api, LiveServer, _json
from .own_postgres import OwnPostgres, binaries

CLIENTS = 6


@pytest.fixture
def own_postgres(on_postgres):
    bin_dir = binaries()
    if bin_dir is None:
        pytest.skip("needs the PostgreSQL server binaries (/usr/lib/postgresql/*/bin) to run a "
                    "server of the test's own that it may restart")
    server = OwnPostgres(bin_dir).start()
    yield server
    server.stop()


@pytest.fixture
def restart_app(own_postgres):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": own_postgres.url,
                      "CLOCK": SettableClock(), "PUBLIC_URL": "http://goodword.test"})
    with app.app_context():
        upgrade()
        clock = app.extensions["goodword_clock"]
        merchant = merchants_service.create_merchant(
            db.session, name="Restart Outfitters", now=clock.now(),
            shop_url="https://shop.restart.example/", allowed_domains=["shop.restart.example"])
        _, secret = keys_service.issue_key(
            db.session, merchant=merchant, kind="secret", mode="test",
            digest_secret=app.config["API_KEY_DIGEST_SECRET"], now=clock.now())
        db.session.commit()
        app.config["TEST_MERCHANT"] = (merchant.id, secret)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class Shop:
    """A shop's server placing orders; each is retried with its Idempotency-Key until it is
    recorded, as the 503's Retry-After asks."""

    def __init__(self, number: int, api: Api, code: str, stop: threading.Event):
        self.number, self.api, self.code, self.stop = number, api, code, stop
        self.statuses: Counter = Counter()
        self.wrong: list[str] = []
        self.recorded: dict[str, tuple[str, int]] = {}  # external id -> (ord_..., amount)
        self.successes_at: list[float] = []

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            external_id = f"shop{self.number}-{n}"
            body = {"external_id": external_id, "customer_external_id": f"cus_{self.number}_{n}",
                    "amount": 1000 + 37 * n, "currency": "USD", "code": self.code}
            while True:
                try:
                    answer = self.api.once("POST", "/v1/orders", body, key=external_id)
                except OSError as lost:  # the app itself must never drop a connection
                    self.wrong.append(f"{external_id}: connection {lost}")
                    time.sleep(0.1)
                    continue
                self.statuses[answer.status] += 1
                if answer.status in (200, 201) and (answer.body or {}).get("object") == "order":
                    self._recorded(external_id, body["amount"], answer)
                    break
                if not _is_retry_later(answer):
                    self.wrong.append(f"{external_id}: {answer.status} {answer.headers} "
                                      f"{answer.body}")
                time.sleep(float(answer.headers.get("Retry-After") or 1) / 10)

    def _recorded(self, external_id: str, amount: int, answer: Answer) -> None:
        self.recorded[external_id] = (answer.body["id"], amount)
        self.successes_at.append(time.monotonic())


def _is_retry_later(answer: Answer) -> bool:
    error = answer.body.get("error") if isinstance(answer.body, dict) else None
    return (answer.status == 503 and isinstance(error, dict) and error.get("type") == "api_error"
            and bool(error.get("code")) and bool(error.get("message"))
            and answer.headers.get("Retry-After", "").isdigit())


def test_a_database_restart_under_load_loses_nothing_and_heals(own_postgres, restart_app):
    merchant_id, secret = restart_app.config["TEST_MERCHANT"]
    with LiveServer(restart_app) as server:
        api = Api(server.url, secret)
        promoter = api.call("POST", "/v1/promoters", {"external_id": "cus_ana"}).body
        assert api.call("POST", "/v1/rules", {
            "name": "1 point a dollar", "trigger": "order.paid", "beneficiary": "referrer",
            "reward": {"type": "points_per_currency_unit", "value": 1}}).status == 201
        stop = threading.Event()
        shops = [Shop(n, api, promoter["code"], stop) for n in range(CLIENTS)]
        threads = [threading.Thread(target=shop.run) for shop in shops]
        for thread in threads:
            thread.start()
        try:
            time.sleep(2)
            own_postgres.restart("fast")  # sessions ended, connections dropped
            time.sleep(2)
            own_postgres.restart("immediate")  # killed: crash recovery on the way back up
            restarted_at = time.monotonic()
            time.sleep(3)
        finally:
            stop.set()
            join_all(threads, 120)

        statuses = sum((shop.statuses for shop in shops), Counter())
        print(f"database restart: answers by status {dict(statuses)}")
        wrong = [line for shop in shops for line in shop.wrong]
        assert not wrong, "\n".join(wrong[:20]) + "\n" + own_postgres.log_tail()
        assert statuses[503] > 0, "the restarts were never noticed: the test tested nothing"
        # Healed by itself: orders recorded after the last restart, and health is good.
        assert any(at > restarted_at for shop in shops for at in shop.successes_at)
        assert api.get("/healthz").status == 200
        report = api.get("/v1/ledger/trial_balance").body
        assert report["balanced"] and report["lots_match_accounts"], report

    recorded = {key: value for shop in shops for key, value in shop.recorded.items()}
    with restart_app.app_context():
        orders = {o.external_id: (o.id, o.amount) for o in db.session.scalars(
            select(Order).where(Order.merchant_id == merchant_id))}
        points = dict(db.session.execute(
            select(Reward.order_id, Reward.amount).where(Reward.promoter_id == promoter["id"])
        ).all())
    # Exactly the orders the shops were told about, each once, with its points: a retry after
    # a 503 whose commit had gone through replayed it instead of recording it again.
    assert orders == recorded
    assert points == {order_id: amount // 100 for order_id, amount in recorded.values()}


def test_clicks_through_a_database_restart_are_redirected_only_when_kept(
        own_postgres, restart_app):
    """The click path's group commit under the same restarts: each shopper is sent on (302)
    or told to come back (503 error object with Retry-After), never left hanging or shown a
    500, and every click a shopper was redirected for is in the table afterwards."""
    import http.client
    from urllib.parse import parse_qs, urlsplit

    from referrals.clicks.models import Click

    restart_app.config["CLICK_RATE_LIMIT"] = "1000000 per minute"
    restart_app.config["CLICK_COMMIT_TIMEOUT_SECONDS"] = 5.0
    with LiveServer(restart_app) as server:
        api = Api(server.url, restart_app.config["TEST_MERCHANT"][1])
        code = api.call("POST", "/v1/promoters", {"external_id": "cus_ana"}).body["code"]
        port = urlsplit(server.url).port
        stop = threading.Event()
        redirected: list[tuple[float, str]] = []
        statuses: Counter = Counter()
        wrong: list[str] = []

        def shopper() -> None:
            while not stop.is_set():
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                try:
                    connection.request("GET", f"/r/{code}")
                    answer = connection.getresponse()
                    body = answer.read()
                except (OSError, http.client.HTTPException) as lost:
                    wrong.append(f"connection {lost!r}")
                    continue
                finally:
                    connection.close()
                statuses[answer.status] += 1
                if answer.status == 302:
                    click_id = parse_qs(urlsplit(answer.getheader("Location")).query)["gw_click"]
                    redirected.append((time.monotonic(), click_id[0]))
                elif not _is_retry_later(Answer(answer.status, _json(body),
                                                dict(answer.getheaders()))):
                    wrong.append(f"{answer.status} {body[:200]!r}")
                time.sleep(0.01)

        threads = [threading.Thread(target=shopper) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        try:
            time.sleep(2)
            own_postgres.restart("fast")
            time.sleep(2)
            own_postgres.restart("immediate")
            restarted_at = time.monotonic()
            time.sleep(3)
        finally:
            stop.set()
            join_all(threads, 60)
        print(f"clicks through a database restart: answers by status {dict(statuses)}")
        assert not wrong, "\n".join(wrong[:20]) + "\n" + own_postgres.log_tail()
        assert statuses[503] > 0, "the restarts were never noticed: the test tested nothing"
        assert any(at > restarted_at for at, _ in redirected), "the click path did not heal"

    with restart_app.app_context():
        db.session.remove()
        stored = set(db.session.scalars(select(Click.id)))
    lost = {click_id for _, click_id in redirected} - stored
    assert not lost, f"{len(lost)} of {len(redirected)} redirected clicks are not in the table"
