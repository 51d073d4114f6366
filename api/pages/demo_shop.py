"""/demo/shop: a pretend storefront on the Goodword host, so a newcomer sees the whole loop.

It plays the shop's side exactly as a real shop would: every page carries the storefront script,
which keeps the `gw_click` a referral link brought and a device id in the shop's own storage
(docs/guides/storefront.md); checkout forwards them with the buyer's address and browser as the
friend's signup; the order-confirmation page mints a widget session on the server and embeds
the share widget's script tag.
The demo merchant is the one `goodword seed-demo` creates; its publishable key is public by
nature, so seed-demo leaves it in instance/demo_shop.json for these pages to embed.

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
from datetime import timedelta
from pathlib import Path

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

from api.request.context import disposable_domains, ip_hash_secret, now, secret_keys
from api.request.unit_of_work import writes_on_read
from core.db import db
from core.ids import new_id
from core.merchants.models import Merchant
from referrals.promoters import evidence
from referrals.signups import service as signups
from referrals.widget import sessions as sessions_service
from rewards.program import rule_definitions

SHOP_PATH = "/demo/shop"
CLICK_COOKIE = "demo_gw_click"
PRODUCT = {"name": "Goodword Mug", "price": "$18.00",
           "blurb": "A 350 ml stoneware mug. Dishwasher safe, friend approved."}
# The demo's referral program: what the widget's offer shows once seed-demo has run.
DEMO_RULES = (("Friend's welcome", "referee"), ("Referrer's thanks", "referrer"))
DEMO_POINTS = 500

blp = Blueprint("demo_shop", __name__, url_prefix=SHOP_PATH)


def keys_file() -> Path:
    return Path(current_app.config.get("DEMO_SHOP_FILE")
                or Path(current_app.instance_path) / "demo_shop.json")


def remember_demo_key(merchant: Merchant, *, publishable_key: str) -> None:
    """Called by seed-demo: keep the demo's publishable key where the demo pages find it."""
    keys_file().write_text(json.dumps({"merchant": merchant.id,
                                       "publishable_key": publishable_key}))


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
        merchant = db.session.get(Merchant, str(stored["merchant"]))
        publishable_key = str(stored["publishable_key"])
    except (OSError, ValueError, TypeError, KeyError):
        merchant = None
    if merchant is None:
        abort(make_response(render_template("demo/missing.html"), 404))
    g.demo = (merchant, publishable_key)


def _demo() -> tuple[Merchant, str]:
    return g.demo


def _storefront_key() -> str | None:
    """The demo's publishable key for the storefront script, once seed-demo has run."""
    try:
        return json.loads(keys_file().read_text()).get("publishable_key")
    except (OSError, ValueError):
        return None


def _page(template: str, **context):
    context.setdefault("storefront_key", _storefront_key())
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
    response = _page("demo/product.html")
    click_id = request.args.get("gw_click")
    if _looks_like_click_id(click_id):
        # The shop keeps the click on its own domain until the friend signs up.
        response.set_cookie(CLICK_COOKIE, click_id, max_age=30 * 86400, httponly=True,
                            samesite="Lax",
                            secure=current_app.config["PUBLIC_URL"].startswith("https://"))
    return response


def _looks_like_click_id(click_id: str | None) -> bool:
    return bool(click_id) and click_id.startswith("clk_") and len(click_id) <= 40


@blp.get("/checkout")
def checkout():
    return _page("demo/checkout.html")


@blp.post("/checkout")
def place_order():
    merchant, _ = _demo()
    email = (request.form.get("email") or "").strip().lower()
    name = (request.form.get("name") or "").strip()[:200] or None
    if "@" not in email or len(email) > 320:
        return _page("demo/checkout.html", error="Please enter your email address."), 400
    customer = "cus_demo_" + hashlib.sha256(email.encode()).hexdigest()[:16]
    order_id = "order_" + new_id("ord").removeprefix("ord_")[-10:]
    # The storefront script's kept click first (the first valid one), else the page's cookie.
    kept = request.form.get("goodword_click_id")
    click_id = kept if _looks_like_click_id(kept) else request.cookies.get(CLICK_COOKIE)
    if click_id:
        _tell_goodword_about_the_signup(merchant, customer, email, click_id)
    session["demo_order"] = {"id": order_id, "customer": customer, "email": email, "name": name}
    response = redirect(url_for("demo_shop.confirmation", order_id=order_id,
                                **_switches()), 303)
    response.delete_cookie(CLICK_COOKIE)
    return response


def _tell_goodword_about_the_signup(merchant: Merchant, customer: str, email: str,
                                    click_id: str) -> None:
    """What the shop's server sends as POST /v1/referrals: the click and device id of the form,
    the address and browser of the request. A refusal never blocks the order."""
    seen = evidence.sighting(ip=request.remote_addr, secret=ip_hash_secret(),
                             user_agent=request.headers.get("User-Agent"),
                             device_id=request.form.get("goodword_device_id") or None)
    try:
        with db.session.begin_nested():
            signups.create_referral(
                db.session, merchant=merchant, referee_external_id=customer,
                referee_email=email, click_id=click_id, now=now(), secret_keys=secret_keys(),
                disposable_domains=disposable_domains(), ip_hash=seen.ip_hash, seen=seen,
            )
    except Exception:
        current_app.logger.info("demo signup not attributed", exc_info=True)


def _switches() -> dict[str, str]:
    """The query switches a page passes on to the next (and nothing else)."""
    return {name: request.args[name] for name in ("hostile", "csp", "locale", "token")
            if name in request.args}


@blp.get("/orders/<order_id>")
# The demo shop stands in for the shop's server, which makes the widget session (a write through
# the API) before it renders its confirmation page.
@writes_on_read
def confirmation(order_id: str):
    merchant, publishable_key = _demo()
    order = session.get("demo_order")
    if not order or order["id"] != order_id:
        return redirect(url_for("demo_shop.product"))
    issued = sessions_service.create_session(
        db.session, merchant_id=merchant.id, customer_external_id=order["customer"],
        customer_email=order["email"], customer_name=order["name"], order_id=order_id,
        now=now(), secret_keys=secret_keys(), lifetime=timedelta(hours=24),
    )
    token = "forged." + issued.token.split(".", 1)[1] if request.args.get("token") == "forged" \
        else issued.token
    return _page("demo/confirmation.html", order=order, publishable_key=publishable_key,
                 session_token=token, locale=request.args.get("locale"),
                 script_url=current_app.config["PUBLIC_URL"] + "/widget/v1/goodword.js")
