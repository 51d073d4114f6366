"""The share widget: goodword.js gzipped (target <= 6 KB) and its first render, reported.

First render: Debian's headless Chromium (Playwright) opens the demo shop's order-confirmation
page with an empty browser cache; a script installed before the page's own counts, frame by
frame, until the widget's shadow root shows content (an element with text, a size, and
checkVisibility() true). The figure is that frame's performance.now(): milliseconds from the
navigation start. The app is the Flask dev server (werkzeug, threaded) on loopback over a
throwaway SQLite database seeded by `goodword seed-demo`. Median of several loads.

    python bench/widget.py
"""

import gzip
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, Result, main

SCRIPT = REPO / "api" / "static" / "widget" / "goodword.js"
TARGET_BYTES = 6 * 1024
LOADS = 5
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

# Runs before the page's scripts: record the first frame where the widget shows something.
WATCH_FIRST_RENDER = """
(() => {
  const shown = (root) => [...root.querySelectorAll('*')].some((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && element.textContent.trim() !== ''
      && element.checkVisibility({opacityProperty: true, visibilityProperty: true});
  });
  const frame = () => {
    const host = document.querySelector('goodword-widget');
    if (host && host.shadowRoot && shown(host.shadowRoot)) {
      window.__goodwordFirstRender = performance.now();
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
"""


def gzipped_size() -> int:
    return len(gzip.compress(SCRIPT.read_bytes(), compresslevel=9))


def _serve_demo(folder: Path):
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from api import create_app
    from core.db import db

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/widget.sqlite3",
                      "DEMO_SHOP_FILE": str(folder / "demo_shop.json")})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    origin = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = origin
    with app.app_context():
        upgrade(directory=str(REPO / "migrations"))
        seeded = app.test_cli_runner().invoke(args=["seed-demo"])
        if seeded.exit_code:
            raise RuntimeError(f"goodword seed-demo failed: {seeded.output}")
        db.session.remove()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, origin


def _first_render_of(page) -> float:
    # Polled from here: wait_for_function evaluates a string in the page, which the demo
    # page's Content-Security-Policy (no 'unsafe-eval') refuses.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        rendered = page.evaluate("window.__goodwordFirstRender")
        if rendered is not None:
            return rendered
        time.sleep(0.02)
    raise RuntimeError("the widget did not render within 15 s")


def first_renders(origin: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    samples = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(LOADS):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(f"{origin}/demo/shop")
                page.get_by_role("link", name="Buy now").click()
                page.get_by_label("Name").fill("Ana")
                page.get_by_label("Email").fill("ana@example.com")
                page.get_by_label("Email").press("Enter")
                page.wait_for_url("**/demo/shop/orders/**")
                confirmation = page.url
                page.context.new_cdp_session(page).send("Network.clearBrowserCache")
                page.add_init_script(WATCH_FIRST_RENDER)
                page.goto(confirmation)
                samples.append(_first_render_of(page))
                context.close()
        finally:
            browser.close()
    return samples


def run() -> list[Result]:
    size = gzipped_size()
    results = [Result("widget", "goodword.js gzipped (level 9)",
                      f"{size:,} B ({SCRIPT.stat().st_size:,} B raw)",
                      f"<= {TARGET_BYTES:,} B", size <= TARGET_BYTES)]
    with tempfile.TemporaryDirectory(prefix="goodword-widget-bench-") as folder:
        server, origin = _serve_demo(Path(folder))
        try:
            samples = first_renders(origin)
        finally:
            server.shutdown()
            server.server_close()
    results.append(Result(
        "widget", "first render on the demo confirmation page, headless Chromium, cold cache",
        f"{statistics.median(samples):.0f} ms median (min {min(samples):.0f}, "
        f"max {max(samples):.0f}, {len(samples)} loads)", "", None))
    return results


if __name__ == "__main__":
    sys.exit(main(run))
