"""`make demo` as a newcomer meets it: the port it serves on is the one every address names,
the landing page leads to the dashboard, the demo shop and the docs, and Ctrl-C stops the
server and the worker cleanly."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from api import create_app
from api.config import load_settings
from core.db import db
from core.merchants import service as merchants_service

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_public_url_follows_port_unless_set():
    assert load_settings({"PORT": "8123"}, "/tmp")["PUBLIC_URL"] == "http://127.0.0.1:8123"
    assert load_settings({}, "/tmp")["PUBLIC_URL"] == "http://127.0.0.1:5000"
    assert load_settings({"PORT": "8123", "PUBLIC_URL": "https://rewards.example/"},
                         "/tmp")["PUBLIC_URL"] == "https://rewards.example"


def test_the_landing_page_names_its_port_and_links_the_demo(client):
    page = client.get("/", base_url="http://127.0.0.1:8123").get_data(as_text=True)
    assert "Goodword is running on http://127.0.0.1:8123" in page
    assert "export GOODWORD_URL=http://127.0.0.1:8123" in page
    links = set(re.findall(r'href="([^"]+)"', page))
    assert {"/dashboard", "/demo/shop", "/docs/", "/v1/docs"} <= links


@pytest.fixture
def public_url(app):
    def serve_on(port: int) -> None:
        app.config["PUBLIC_URL"] = load_settings({"PORT": str(port)}, "/tmp")["PUBLIC_URL"]

    saved = app.config["PUBLIC_URL"]
    yield serve_on
    app.config["PUBLIC_URL"] = saved


def test_seed_demo_prints_the_port_and_follows_a_new_one(app, public_url):
    runner = app.test_cli_runner()
    public_url(8123)
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Dashboard: http://127.0.0.1:8123/dashboard" in first.output
    assert "Demo storefront: http://127.0.0.1:8123/demo/shop" in first.output
    public_url(8124)
    again = runner.invoke(args=["seed-demo"]).output
    assert "Demo storefront: http://127.0.0.1:8124/demo/shop" in again
    with app.app_context():
        demo = merchants_service.find_merchant_by_name(db.session, name="Demo Shop")
        # Referral links land on the shop of the port the demo now serves on.
        assert demo.shop_url == "http://127.0.0.1:8124/demo/shop"


def test_seed_prints_the_dashboard_on_the_port(app, public_url):
    public_url(8125)
    outcome = app.test_cli_runner().invoke(
        args=["seed", "--clicks", "14", "--orders", "0", "--owner-password", "a passphrase!"])
    assert outcome.exit_code == 0, outcome.output
    assert "Dashboard: http://127.0.0.1:8125/dashboard" in outcome.output


def test_demo_routes_exist_only_once_the_demo_is_seeded(app, client, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "DEMO_SHOP_FILE", str(tmp_path / "demo_shop.json"))
    for path in ("/demo/shop", "/demo/shop/checkout", "/demo/shop/orders/order_1"):
        unseeded = client.get(path)
        assert unseeded.status_code == 404, path
        assert "seed-demo" in unseeded.get_data(as_text=True)
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    assert client.get("/demo/shop").status_code == 200


def test_query_parameters_never_reach_url_for(app, client):
    """`?_method=POST` was a 500, and `_external`, `_scheme` or `_anchor` steered the links."""
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    for query in ("_method=POST", "_external=1", "_scheme=javascript", "_anchor=x",
                  "_method=POST&hostile=1&extra=1"):
        for path in ("/demo/shop", "/demo/shop/checkout"):
            page = client.get(f"{path}?{query}")
            assert page.status_code == 200, (path, query)
            links = re.findall(r'(?:href|action)="([^"]+)"', page.get_data(as_text=True))
            assert not [link for link in links if "_" in link.partition("?")[2]
                        or link.startswith(("http", "javascript"))], links
    product = client.get("/demo/shop?hostile=1&locale=de&extra=1").get_data(as_text=True)
    assert 'href="/demo/shop/checkout?hostile=1&amp;locale=de"' in product


def test_production_has_no_demo_routes(app, test_database_url):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    production = create_app({
        "TESTING": True, "GOODWORD_ENV": "production",
        "SQLALCHEMY_DATABASE_URI": test_database_url,
        "DEMO_SHOP_FILE": app.config["DEMO_SHOP_FILE"]})
    try:
        assert not [rule.rule for rule in production.url_map.iter_rules()
                    if rule.rule.startswith("/demo")]
        browser = production.test_client()
        for path in ("/demo/shop", "/demo/shop?_method=POST", "/demo/shop/checkout"):
            assert browser.get(path).status_code == 404, path
    finally:
        with production.app_context():
            db.engine.dispose()


@pytest.fixture
def built_docs(app, tmp_path):
    (tmp_path / "guides").mkdir()
    (tmp_path / "index.html").write_text(
        "<html><head><script>var scope = '/';</script>"
        '<script src="assets/bundle.js"></script></head><body><h1>Goodword docs</h1></body>'
        "</html>")
    (tmp_path / "guides" / "index.html").write_text("<html><body>Guides</body></html>")
    app.config["DOCS_SITE"] = str(tmp_path)
    yield tmp_path
    app.config.pop("DOCS_SITE")


def test_the_built_docs_are_served_under_the_page_policy(client, built_docs):
    response = client.get("/docs/")
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in response.get_data(as_text=True)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "Guides" in client.get("/docs/guides/").get_data(as_text=True)
    assert client.get("/docs/../../etc/passwd").status_code == 404
    assert client.get("/docs/nothing.html").status_code == 404


def test_production_serves_no_docs(app, client, built_docs):
    app.config["GOODWORD_ENV"] = "production"
    try:
        assert client.get("/docs/").status_code == 404
    finally:
        app.config["GOODWORD_ENV"] = "development"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_served(url: str, server: subprocess.Popen) -> None:
    for _ in range(600):
        assert server.poll() is None, "the demo server stopped before it served"
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{url} never answered")


@contextlib.contextmanager
def running_demo(tmp_path):
    """The demo's own server command (api/demo_server.sh, as the Makefile runs it) on a fresh
    SQLite file and a free port; yields (base URL, process, log file) once both have started."""
    port = _free_port()
    environment = {**os.environ, "PORT": str(port), "GOODWORD_ENV": "development",
                   "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3", "BIN": str(BIN)}
    environment.pop("PUBLIC_URL", None)
    subprocess.run([BIN / "goodword", "db", "upgrade"], cwd=ROOT, env=environment, check=True,
                   capture_output=True)
    log = tmp_path / "demo.log"
    with log.open("w") as output:
        server = subprocess.Popen(["sh", "api/demo_server.sh"], cwd=ROOT, env=environment,
                                  stdout=output, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        _wait_until_served(f"http://127.0.0.1:{port}/", server)
        for _ in range(600):
            if "worker started" in log.read_text():
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", server, log
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def test_ctrl_c_stops_the_demo_server_and_worker_cleanly(tmp_path):
    """Ctrl-C, that is SIGINT to the whole process group, ends the server and the worker with
    status 0 and no error logged."""
    with running_demo(tmp_path) as (_, server, log):
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=60)
    printed = log.read_text()
    assert server.returncode == 0, printed
    assert "worker stopped" in printed and "Granian shutdown completed" in printed, printed
    for trouble in ("ERROR", "SIGKILL", "Traceback", "Terminated", "No such process"):
        assert trouble not in printed, printed
    with pytest.raises(ProcessLookupError):
        os.killpg(server.pid, 0)


SLOW_CLIENTS = 16


def test_slow_clients_do_not_stop_the_demo_answering(tmp_path):
    """16 connections each trickle one header line every 2 s (never finishing their request);
    meanwhile a normal visitor's page still answers. gunicorn's workers, which the demo used,
    gave each slow connection a thread until its request ended, and stopped answering."""
    with running_demo(tmp_path) as (base_url, _, _):
        host, port = base_url.removeprefix("http://").split(":")
        done = threading.Event()
        started = threading.Barrier(SLOW_CLIENTS + 1)
        finished = []

        def trickle(n: int) -> None:
            with socket.create_connection((host, int(port)), timeout=30) as slow:
                slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                started.wait(timeout=30)
                line = 0
                while not done.wait(2):
                    line += 1
                    try:
                        slow.sendall(f"X-Slow-{n}-{line}: still typing\r\n".encode())
                    except OSError:
                        break  # the server may drop a client this slow: that is its right
            finished.append(n)

        threads = [threading.Thread(target=trickle, args=(n,)) for n in range(SLOW_CLIENTS)]
        for thread in threads:
            thread.start()
        try:
            started.wait(timeout=30)
            time.sleep(3)  # every slow client has sent at least one more header line
            with urllib.request.urlopen(base_url + "/healthz", timeout=30) as answer:
                assert answer.status == 200
            with urllib.request.urlopen(base_url + "/", timeout=30) as answer:
                assert answer.status == 200 and b"Goodword" in answer.read()
        finally:
            done.set()
            for thread in threads:
                thread.join(timeout=30)
        assert sorted(finished) == list(range(SLOW_CLIENTS))
