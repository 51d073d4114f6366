"""A real Chromium (Debian's, driven by Playwright) against the real app served on loopback.

The app is the suite's own (its database, its settable clock), served by werkzeug in a thread,
so a test can look in the database after the browser acted, and move time.
"""

import json
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.support.stripe import _fake_stripe, fake_stripe, localstripe_url  # noqa: F401
from tests.threads import join_all

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # A person's browser, as the shoppers these tests play are: headless Chromium says
    # "HeadlessChrome", which the fraud checks weigh as automation (automated_browser).
    "--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Safari/537.36",
]


def pytest_collection_modifyitems(items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM} (apt-get install chromium; "
                                   "make test and .ci/run install it)")
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def _server(_app):
    server = make_server("127.0.0.1", 0, _app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    join_all([thread], 60)
    server.server_close()


@pytest.fixture
def live(app, _server):
    """The server's origin, with links and scripts pointing at it for this test only."""
    public_url = app.config["PUBLIC_URL"]
    app.config["PUBLIC_URL"] = _server
    yield _server
    app.config["PUBLIC_URL"] = public_url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def demo(app, live):
    """`goodword seed-demo`, as `make demo` runs it, against the live server's URL."""
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return json.loads(Path(app.config["DEMO_SHOP_FILE"]).read_text())


@pytest.fixture
def context(browser, live):
    """A desktop browser that may use the clipboard on the live server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live)
    # Share links open the networks' pages in a new tab; answer them locally: no internet here.
    context.route("https://**/*", lambda route: route.fulfill(body="a social network"))
    yield context
    context.close()
