"""Plain pages: the landing page, the health check and the API docs' static assets."""

from flask import Blueprint, jsonify, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from api.errors import error_response
from core.db import db
from core.health import database_is_up

blp = Blueprint("pages", __name__)


@blp.get("/")
def landing():
    return render_template("index.html")


@blp.get("/healthz")
def healthz():
    if not database_is_up(db.session):
        response, status = error_response(
            503, "database_unavailable", "The database is not answering.", error_type="api_error"
        )
        return response, status
    return jsonify({"status": "ok", "database": "ok"})


@blp.get("/v1/docs/assets/<path:filename>")
def docs_assets(filename: str):
    # Swagger UI served from the installed package: the docs page makes no third-party requests.
    return send_from_directory(swagger_ui_path, filename, max_age=86400)
