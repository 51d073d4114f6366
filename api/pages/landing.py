"""Plain pages: the landing page, the health check, the built docs and the API docs' assets."""

import re
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    send_from_directory,
)
from swagger_ui_bundle import swagger_ui_path
from werkzeug.security import safe_join

from api.guards.security_headers import csp_nonce
from api.request.errors import error_response
from core.db import db
from core.health import database_is_up

blp = Blueprint("pages", __name__)
# `make docs` builds docs/ here (git-ignored); a checkout serves it at /docs/ for the demo.
DOCS_SITE = Path(__file__).resolve().parents[2] / "site"
# The MkDocs theme writes inline <script> tags; they get this response's nonce, so the built
# pages run under the same policy as every other page (api/guards/security_headers.py).
INLINE_TAG = re.compile(r"<(script|style)\b", re.IGNORECASE)


@blp.get("/")
def landing():
    # The address the browser used: the port `make demo PORT=...` serves on, whatever PUBLIC_URL.
    return render_template("index.html", base_url=request.host_url.rstrip("/"))


@blp.get("/healthz")
def healthz():
    if not database_is_up(db.session):
        response, status = error_response(
            503, "database_unavailable", "The database is not answering.", error_type="api_error"
        )
        return response, status
    return jsonify({"status": "ok", "database": "ok"})


@blp.get("/docs/", defaults={"filename": "index.html"})
@blp.get("/docs/<path:filename>")
def guides(filename: str):
    """The docs as `make docs` built them, for a checkout; production serves none."""
    site = Path(current_app.config.get("DOCS_SITE") or DOCS_SITE)
    if current_app.config["GOODWORD_ENV"] == "production" or not site.is_dir():
        abort(404)
    if filename.endswith("/"):
        filename += "index.html"
    if not filename.endswith(".html"):
        return send_from_directory(site, filename, max_age=0)
    page = safe_join(str(site), filename)
    if page is None or not Path(page).is_file():
        abort(404)
    nonce = csp_nonce()
    html = INLINE_TAG.sub(lambda tag: f'{tag.group(0)} nonce="{nonce}"', Path(page).read_text())
    return Response(html, mimetype="text/html")


@blp.get("/v1/docs/assets/<path:filename>")
def docs_assets(filename: str):
    # Swagger UI served from the installed package: the docs page makes no third-party requests.
    return send_from_directory(swagger_ui_path, filename, max_age=86400)
