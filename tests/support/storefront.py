"""A shop of its own on loopback for the storefront script's tests: its pages include
Goodword's storefront.js, and its server forwards a signup to POST /v1/referrals with the
click id and device id from the form and the ip and user agent of its own request (the
pass-through docs/guides/storefront.md describes)."""

import json
import threading
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from tests.threads import join_all

LANDING = """<!doctype html><html><head><meta charset="utf-8"><title>Loopback Shop</title></head>
<body><h1>Loopback Shop</h1>
<form id="signup" method="post" action="/signup" data-goodword>
  <label>Email <input name="email" type="email"></label>
  <label>Customer <input name="customer"></label>
  <button type="submit">Create account</button>
</form>
<form id="checkout" method="post" action="/checkout">
  <input type="hidden" name="goodword_click_id"><input type="hidden" name="goodword_device_id">
</form>
<script src="{goodword}/widget/v1/storefront.js" data-key="{key}" async></script>
</body></html>"""


@dataclass
class Shop:
    origin: str
    goodword: str
    publishable: str
    secret: str
    # What the shop's server sent to Goodword, and what Goodword answered.
    forwarded: list[dict] = field(default_factory=list)
    keys: object = None  # the merchant's keys, once the test made it for this shop


@contextmanager
def loopback_shop(goodword: str, publishable: str, secret: str):
    """The shop's server on a free loopback port, as http://localhost:PORT."""
    shop = Shop(origin="", goodword=goodword, publishable=publishable, secret=secret)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self._send(200, "text/html", LANDING.format(goodword=shop.goodword,
                                                        key=shop.publishable))

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = {name: values[0] for name, values in
                    parse_qs(self.rfile.read(length).decode()).items()}
            body = {"referee_external_id": form["customer"], "referee_email": form["email"],
                    "ip": self.client_address[0],
                    "user_agent": self.headers.get("User-Agent")}
            if form.get("goodword_click_id"):
                body["click_id"] = form["goodword_click_id"]
            if form.get("goodword_device_id"):
                body["device_id"] = form["goodword_device_id"]
            request = urllib.request.Request(
                f"{shop.goodword}/v1/referrals", data=json.dumps(body).encode(), method="POST",
                headers={"Authorization": f"Bearer {shop.secret}",
                         "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.load(response)
            shop.forwarded.append({"sent": body, "answer": answer})
            self._send(200, "text/html",
                       f"<p id='result'>{answer['status']} {answer['id']}</p>")

        def _send(self, status: int, kind: str, text: str) -> None:
            payload = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    shop.origin = f"http://localhost:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield shop
    finally:
        server.shutdown()
        join_all([thread], 30)
        server.server_close()
