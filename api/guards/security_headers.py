"""Security headers on every response of the app, so a page added later has them without
anyone remembering: a Content-Security-Policy with a per-request nonce on HTML pages (inline
<script> and <style> must carry `nonce="{{ csp_nonce() }}"`; inline style and event-handler
attributes are not allowed at all), framing refused, no MIME sniffing, a same-origin referrer,
and HSTS when Goodword is served over https (PUBLIC_URL).

A view that needs another policy sets its own header first (the demo shop's `?csp=1`, the
portal's `no-referrer`); these are defaults, never overrides."""

import secrets

from flask import Flask, Response, current_app, g

HSTS = "max-age=31536000"


def csp_nonce() -> str:
    """One nonce per request, shared by every inline script and style of the page."""
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(16)
    return nonce


def page_policy(nonce: str) -> str:
    # connect-src 'self': the docs page fetches the OpenAPI document; nothing third-party.
    return (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
        f"style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    )


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if current_app.config["PUBLIC_URL"].startswith("https://"):
        # Browsers ignore it over plain http; behind a TLS-terminating proxy it still applies.
        headers.setdefault("Strict-Transport-Security", HSTS)
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", page_policy(csp_nonce()))
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
