"""Rate limits (Flask-Limiter): Redis when REDIS_URL is set, so every process shares the
counts, process memory otherwise (the demo). Applied where anonymous pages can call us: the
widget API, dashboard sign-in and the click path.

If Redis stops answering, each process falls back to counting in its own memory rather than
failing requests: a rate limiter outage must never take referral links down."""

from flask import Flask, current_app, request
from flask_limiter import Limiter

from api.request.auth import presented_key
from api.request.context import current_merchant

CLICK_ENDPOINT = "redirects.follow"


def _caller() -> str:
    """Per key and per address: one busy shop cannot exhaust another's allowance, and one
    abusive visitor cannot exhaust their shop's. The key is the normalised one
    (`refuse_malformed_keys` has already turned away any other), so no spelling of one key
    opens a second bucket."""
    key = (presented_key() or "")[-16:]
    return f"{key}:{request.remote_addr}"


limiter = Limiter(key_func=_caller, headers_enabled=True, strategy="moving-window",
                  in_memory_fallback_enabled=True)


def refuse_malformed_keys() -> None:
    """A bearer key with anything but its alphabet is a 401 before any limit is counted."""
    presented_key()


def init_app(app: Flask) -> None:
    limiter.init_app(app)
    # First of all the app's before_request functions, ahead of the limiter's own.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_malformed_keys)


def widget_limit() -> str:
    return current_app.config["WIDGET_RATE_LIMIT"]


def click_limit() -> str:
    return current_app.config["CLICK_RATE_LIMIT"]


def redelivery_limit() -> str:
    return current_app.config["REDELIVERY_RATE_LIMIT"]


def _merchant() -> str:
    """Per merchant, whichever of its keys asks: redeliveries queue work for the webhook
    workers, and one merchant replaying its event log must not flood them."""
    return f"redeliver:{current_merchant().id}"


def limit_redeliveries(view):
    """One allowance per merchant, shared by every redelivery route."""
    return limiter.shared_limit(redelivery_limit, scope="redeliveries", key_func=_merchant)(view)


def _client_address() -> str:
    """The shopper's address, as the click path sees it: X-Forwarded-For counts only as many
    hops deep as TRUSTED_PROXIES says (ProxyFix), so nobody picks their own bucket."""
    return f"click:{request.remote_addr}"


def limit_clicks(app: Flask) -> None:
    """Count clicks per address on GET /r/... One address hammering a link (a bot inflating a
    promoter's clicks) is refused with 429; everyone else's clicks go through. With limits off
    (RATELIMIT_ENABLED=0) the view is left bare: the hottest path pays nothing for them."""
    if not app.config.get("RATELIMIT_ENABLED", True):
        return
    view = app.view_functions[CLICK_ENDPOINT]
    app.view_functions[CLICK_ENDPOINT] = limiter.limit(click_limit, key_func=_client_address)(
        view)
