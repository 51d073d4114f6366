"""`make demo` as a newcomer meets it: the port it serves on is the one every address names,
the landing page leads to the dashboard, the demo shop and the docs, and Ctrl-C stops the
server and the worker cleanly."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
    import urllib.request

    for _ in range(600):
        assert server.poll() is None, "the demo server stopped before it served"
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{url} never answered")


def test_ctrl_c_stops_the_demo_server_and_worker_cleanly(tmp_path):
    """The demo's own command line (the Makefile's), on a fresh SQLite file: Ctrl-C, that is
    SIGINT to the whole process group, ends everything with status 0 and no error logged."""
    port = _free_port()
    environment = {**os.environ, "PORT": str(port), "GOODWORD_ENV": "development",
                   "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3"}
    environment.pop("PUBLIC_URL", None)
    subprocess.run([BIN / "goodword", "db", "upgrade"], cwd=ROOT, env=environment, check=True,
                   capture_output=True)
    demo = (f"{BIN}/goodword worker & worker=$!; "
            "trap 'kill -TERM $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM; "
            f"{BIN}/gunicorn -c api/demo_gunicorn.py --bind 127.0.0.1:{port} --threads 4 "
            "--access-logfile - wsgi:app")
    log = tmp_path / "demo.log"
    with log.open("w") as output:
        server = subprocess.Popen(["sh", "-c", demo], cwd=ROOT, env=environment, stdout=output,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_served(f"http://127.0.0.1:{port}/", server)
        for _ in range(600):  # the newcomer presses Ctrl-C once both have started
            if "worker started" in log.read_text():
                break
            time.sleep(0.1)
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    printed = log.read_text()
    assert server.returncode == 0, printed
    assert "worker stopped" in printed and "Shutting down: Master" in printed, printed
    for trouble in ("ERROR", "SIGKILL", "Traceback", "Terminated", "No such process"):
        assert trouble not in printed, printed
    with pytest.raises(ProcessLookupError):
        os.killpg(server.pid, 0)
