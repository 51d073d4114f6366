"""Rate limits (Flask-Limiter): Redis when REDIS_URL is set, so every process shares the
counts, process memory otherwise (the demo). Applied where anonymous pages can call us."""

from flask import current_app, request
from flask_limiter import Limiter


def _caller() -> str:
    """Per key and per address: one busy shop cannot exhaust another's allowance, and one
    abusive visitor cannot exhaust their shop's."""
    key = request.headers.get("Authorization", "")[-16:]
    return f"{key}:{request.remote_addr}"


limiter = Limiter(key_func=_caller, headers_enabled=True, strategy="moving-window")


def widget_limit() -> str:
    return current_app.config["WIDGET_RATE_LIMIT"]
