"""/demo/shop: a pretend storefront on the Goodword host, so a newcomer sees the whole loop.

It plays the shop's side exactly as a real shop would, through Goodword's public API with the
shop's keys. Every page carries the storefront script, which keeps the `gw_click` a referral
link brought and a device id in the shop's own storage (docs/guides/storefront.md). The product
page greets the friend by the promoter's first name (GET /widget/v1/welcome, publishable key);
checkout tells Goodword about the friend's signup (POST /v1/referrals, with the kept click, the
device id, the buyer's address and browser) and records the purchase (POST /v1/orders, the path
every order takes, so the journey counts the mugs); the order-confirmation page mints a widget
session (POST /v1/widget_sessions) and embeds the one script tag.

The demo lives on Goodword's own host, so its server's API calls go through the app itself (a
WSGI call with the key in the Authorization header, no socket): the same handlers, key checks
and Idempotency-Keys as over the network, and a one-threaded demo server never waits on itself.
The demo merchant is the one `goodword seed-demo` creates. It leaves the demo's test-mode keys
in instance/demo_shop.json (git-ignored) for these pages: the publishable key is public by
nature, and the secret key plays the shop server's.

Query switches for trying the widget's robustness: `?hostile=1` adds a shop stylesheet that
unsets everything and hides buttons, `?csp=1` serves the page under a Content-Security-Policy
that allows nothing but this origin, `?locale=de` picks the widget's language, `?token=forged`
embeds a token Goodword never signed. Only those four travel from page to page: no other
query parameter ever reaches `url_for` (`?_method=POST` or `?_external=1` would steer it).

The routes exist only where the demo does: production never registers them (api/app.py), and
until seed-demo has run every demo path is a 404 saying how to set it up.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.test import Client

from api.request.context import now
from core.currencies import format_money
from core.db import db
from core.ids import new_id
from core.merchants.models import Merchant
from rewards.program import rule_definitions

SHOP_PATH = "/demo/shop"
CLICK_COOKIE = "demo_gw_click"
PRODUCT = {"name": "Goodword Mug", "price": "$18.00", "amount": 1800, "currency": "USD",
           "blurb": "A 350 ml stoneware mug. Dishwasher safe, friend approved."}
# The demo's referral program: what the widget's offer shows once seed-demo has run.
DEMO_RULES = (("Friend's welcome", "referee"), ("Referrer's thanks", "referrer"))
DEMO_POINTS = 500

blp = Blueprint("demo_shop", __name__, url_prefix=SHOP_PATH)


def keys_file() -> Path:
    return Path(current_app.config.get("DEMO_SHOP_FILE")
                or Path(current_app.instance_path) / "demo_shop.json")


def remember_demo_key(merchant: Merchant, *, publishable_key: str, secret_key: str) -> None:
    """Called by seed-demo: keep the demo's test-mode keys where the demo pages find them."""
    keys_file().write_text(json.dumps({"merchant": merchant.id,
                                       "publishable_key": publishable_key,
                                       "secret_key": secret_key}))


def seed_program(merchant: Merchant) -> None:
    """Give 500, get 500 points, once: the offer the demo widget shows."""
    existing = rule_definitions.current_versions(
        db.session, merchant_id=merchant.id, trigger="referral.approved")
    if existing:
        return
    for name, beneficiary in DEMO_RULES:
        rule_definitions.create_rule(
            db.session, merchant_id=merchant.id, trigger="referral.approved", now=now(),
            definition={"name": name, "beneficiary": beneficiary,
                        "reward_type": "fixed_points", "reward_value": DEMO_POINTS})


@blp.before_request
def only_once_seeded():
    """No demo, no demo routes: a 404 that says how to set the demo up."""
    try:
        stored = json.loads(keys_file().read_text())
    except (OSError, ValueError):
        stored = {}
    if not isinstance(stored, dict) or not stored.get("secret_key") or not stored.get(
            "publishable_key") or db.session.get(Merchant, str(stored.get("merchant"))) is None:
        abort(make_response(render_template("demo/missing.html"), 404))
    g.demo = stored


def _demo() -> dict[str, str]:
    """The demo's merchant and keys, as seed-demo left them."""
    return g.demo


def shop_api(method: str, path: str, *, key: str, body: dict | None = None,
             query: dict | None = None, idempotency_key: str | None = None
             ) -> tuple[int, dict[str, Any]]:
    """What the shop's server sends to Goodword's API, with its key: (status, JSON answer).

    Sent through the app itself in a fresh application context, so the call is its own
    request and its own unit of work, committed or rolled back before this returns."""
    headers = {"Authorization": f"Bearer {key}"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    app = current_app._get_current_object()
    with app.app_context():
        answer = Client(app).open(path, method=method, json=body, query_string=query,
                                  headers=headers)
        return answer.status_code, answer.json if answer.is_json else {}


def _page(template: str, **context):
    context.setdefault("storefront_key", _demo()["publishable_key"])
    response = make_response(render_template(
        template, product=PRODUCT, hostile=request.args.get("hostile") == "1",
        switches=_switches(), **context))
    if request.args.get("csp") == "1":
        # Exactly what a careful shop would send: its own origin (here also Goodword's), nothing
        # inline, nothing third-party. The widget must work within it.
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
            "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
    return response


@blp.get("")
def product():
    click_id = request.args.get("gw_click")
    from_link = _looks_like_click_id(click_id)
    if not from_link:
        click_id = request.cookies.get(CLICK_COOKIE)
    response = _page("demo/product.html",
                     welcome=_welcome(click_id) if _looks_like_click_id(click_id) else None)
    if from_link:
        # The shop keeps the click on its own domain until the friend signs up.
        response.set_cookie(CLICK_COOKIE, click_id, max_age=30 * 86400, httponly=True,
                            samesite="Lax",
                            secure=current_app.config["PUBLIC_URL"].startswith("https://"))
    return response


def _welcome(click_id: str) -> dict[str, str] | None:
    """"You were referred by Ana", from the public widget API: a first name, never an email.
    Nothing when the click names nobody to greet (or the demo is not set up)."""
    status, welcome = shop_api("GET", "/widget/v1/welcome", key=_demo()["publishable_key"],
                               query={"click": click_id})
    if status != 200 or not welcome.get("referred_by"):
        return None
    gifts = [f"{gift['amount']:,} points" if gift["kind"] == "points"
             else format_money(gift["amount"], gift["currency"])
             for gift in welcome["offer"]["give"]]
    return {"referred_by": welcome["referred_by"], "gift": " + ".join(gifts)}


def _looks_like_click_id(click_id: str | None) -> bool:
    return bool(click_id) and click_id.startswith("clk_") and len(click_id) <= 40


@blp.get("/checkout")
def checkout():
    return _page("demo/checkout.html")


@blp.post("/checkout")
def place_order():
    demo = _demo()
    email = (request.form.get("email") or "").strip().lower()
    name = (request.form.get("name") or "").strip()[:200] or None
    if "@" not in email or len(email) > 320:
        return _page("demo/checkout.html", error="Please enter your email address."), 400
    customer = "cus_demo_" + hashlib.sha256(email.encode()).hexdigest()[:16]
    order_id = "order_" + new_id("ord").removeprefix("ord_")[-10:]
    # The storefront script's kept click first (the first valid one), else the page's cookie.
    kept = request.form.get("goodword_click_id")
    click_id = kept if _looks_like_click_id(kept) else request.cookies.get(CLICK_COOKIE)
    click_id = click_id if _looks_like_click_id(click_id) else None
    # The buyer's browser, as a shop's server passes it on: the fraud checks weigh it.
    browser = {"ip": request.remote_addr, "user_agent": request.headers.get("User-Agent"),
               "device_id": request.form.get("goodword_device_id")}
    browser = {name: value for name, value in browser.items() if value}
    if click_id:
        # The friend signed up with their order. A refusal never blocks the order.
        status, answer = shop_api("POST", "/v1/referrals", key=demo["secret_key"],
                                  idempotency_key=f"signup_{order_id}", body={
                                      "click_id": click_id, "referee_external_id": customer,
                                      "referee_email": email, **browser})
        if status != 201:
            current_app.logger.info("demo signup not attributed: %s", answer.get("error"))
    status, answer = shop_api("POST", "/v1/orders", key=demo["secret_key"],
                              idempotency_key=order_id, body={
                                  "external_id": order_id, "customer_external_id": customer,
                                  "customer_email": email, "amount": PRODUCT["amount"],
                                  "currency": PRODUCT["currency"],
                                  **({"click_id": click_id} if click_id else {}), **browser})
    if status not in (200, 201):
        message = answer.get("error", {}).get("message", "Goodword did not record the order.")
        return _page("demo/checkout.html", error=message), 502
    session["demo_order"] = {"id": order_id, "customer": customer, "email": email, "name": name}
    response = redirect(url_for("demo_shop.confirmation", order_id=order_id,
                                **_switches()), 303)
    response.delete_cookie(CLICK_COOKIE)
    return response


def _switches() -> dict[str, str]:
    """The query switches a page passes on to the next (and nothing else)."""
    return {name: request.args[name] for name in ("hostile", "csp", "locale", "token")
            if name in request.args}


@blp.get("/orders/<order_id>")
def confirmation(order_id: str):
    demo = _demo()
    order = session.get("demo_order")
    if not order or order["id"] != order_id:
        return redirect(url_for("demo_shop.product"))
    # The shop's server makes the widget session before it renders its confirmation page.
    customer = {"external_id": order["customer"], "email": order["email"]}
    if order["name"]:
        customer["name"] = order["name"]
    status, issued = shop_api("POST", "/v1/widget_sessions", key=demo["secret_key"],
                              idempotency_key=f"widget_{order_id}",
                              body={"customer": customer, "order": order_id})
    if status != 201:
        abort(502)
    token = "forged." + issued["token"].split(".", 1)[1] if request.args.get("token") == "forged" \
        else issued["token"]
    return _page("demo/confirmation.html", order=order, publishable_key=demo["publishable_key"],
                 session_token=token, locale=request.args.get("locale"),
                 script_url=current_app.config["PUBLIC_URL"] + "/widget/v1/goodword.js")
