"""The one error mapper: every failure leaves as `{"error": {type, code, message, param}}`."""

import logging

import marshmallow as ma
from flask import Flask, jsonify, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from api.request.request_id import request_id
from core import errors as core_errors
from core.db import db

log = logging.getLogger(__name__)

# Domain error kind -> (status, type). Domain code never knows about HTTP.
_DOMAIN_STATUS = {
    core_errors.InvalidInput: (400, "invalid_request_error"),
    core_errors.NotFound: (404, "invalid_request_error"),
    core_errors.Conflict: (409, "invalid_request_error"),
    core_errors.AuthenticationFailed: (401, "authentication_error"),
    core_errors.PermissionDenied: (403, "permission_error"),
    core_errors.Unavailable: (503, "api_error"),
}

_HTTP_DEFAULTS = {
    400: ("invalid_request_error", "invalid_request", "The request could not be understood."),
    401: ("authentication_error", "invalid_api_key", "Authentication is required."),
    403: ("permission_error", "permission_denied", "This key may not do that."),
    404: ("invalid_request_error", "route_not_found", "No such route."),
    405: ("invalid_request_error", "method_not_allowed", "This route does not take that method."),
    409: ("invalid_request_error", "conflict", "The request conflicts with the current state."),
    413: ("invalid_request_error", "request_too_large", "The request body is too large."),
    415: ("invalid_request_error", "invalid_content_type", "Send a JSON body."),
    503: ("api_error", "service_unavailable", "Try again shortly."),
    429: ("rate_limit_error", "rate_limited", "Too many requests; slow down."),
}


class ApiError(Exception):
    """An HTTP-level failure raised by the api package itself (auth, idempotency, content type)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        param: str | None = None,
        error_type: str | None = None,
        headers: dict | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.param = param
        self.error_type = error_type or _HTTP_DEFAULTS.get(status, ("api_error",))[0]
        self.headers = headers or {}


class ErrorBody(ma.Schema):
    type = ma.fields.String(metadata={"description": "error category"})
    code = ma.fields.String(metadata={"description": "stable machine code"})
    message = ma.fields.String(metadata={"description": "what went wrong, for a person"})
    param = ma.fields.String(allow_none=True, metadata={"description": "the offending field"})


class ErrorResponse(ma.Schema):
    error = ma.fields.Nested(ErrorBody)


def error_response(
    status: int, code: str, message: str, param: str | None = None, error_type: str | None = None
):
    error_type = error_type or _HTTP_DEFAULTS.get(status, ("api_error",))[0]
    body = {"error": {"type": error_type, "code": code, "message": message, "param": param}}
    return jsonify(body), status


def handle_api_error(exc: ApiError):
    if _is_dashboard_page():
        return dashboard_error_page(exc.status, exc.message if exc.status == 400 else None)
    body, status = error_response(exc.status, exc.code, exc.message, exc.param, exc.error_type)
    body.headers.update(exc.headers)
    return body, status


def handle_domain_error(exc: core_errors.GoodwordError):
    db.session.rollback()
    for kind, (status, error_type) in _DOMAIN_STATUS.items():
        if isinstance(exc, kind):
            if _is_dashboard_page():
                return dashboard_error_page(status, exc.message if status == 400 else None)
            response = error_response(status, exc.code, exc.message, exc.param, error_type)
            if status == 503:
                response[0].headers["Retry-After"] = "1"
            return response
    return error_response(400, exc.code, exc.message, exc.param)


_PAGE_TITLES = {400: "Bad request", 403: "Not allowed", 404: "Not found",
                405: "Not allowed", 429: "Too many requests"}


def _is_dashboard_page() -> bool:
    """Dashboard pages are for people: their errors are HTML pages, not the error object."""
    return request.path == "/dashboard" or request.path.startswith("/dashboard/")


def dashboard_error_page(status: int, message: str | None = None):
    title = _PAGE_TITLES.get(status, "Something went wrong")
    default = {
        403: "Only the merchant's owners may open this page.",
        404: "There is no such page, or it belongs to another shop.",
        429: "Too many attempts; wait a few minutes and try again.",
    }.get(status, "Something went wrong on our side; nothing was changed.")
    return render_template("dashboard/error.html", status=status, title=title,
                           message=message or default), status


def handle_http_exception(exc: HTTPException):
    db.session.rollback()
    status = exc.code or 500
    if _is_dashboard_page():
        custom = exc.description if status == 400 else None
        return dashboard_error_page(status, custom)
    messages = (getattr(exc, "data", None) or {}).get("messages")
    if messages and status in (400, 422):
        return _validation_error(messages)
    error_type, code, message = _HTTP_DEFAULTS.get(
        status, ("api_error", "http_error", exc.description or "Request failed.")
    )
    response, status = error_response(status, code, message, None, error_type)
    if status == 405 and getattr(exc, "valid_methods", None):
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response, status


# Deadlock detected, serialization failure: the database chose this request to retry.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def handle_unexpected(exc: Exception):
    # Nothing half-done may reach the database: the transaction is abandoned first.
    db.session.rollback()
    if isinstance(exc, DBAPIError) and (
        getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES
        or isinstance(exc, OperationalError)
    ):
        log.warning("%s: database asked for a retry: %s", request_id(), exc.orig)
        response, status = error_response(
            503, "database_unavailable", "The database could not finish this request; "
            "nothing was changed. Retry it (with the same Idempotency-Key).", None, "api_error",
        )
        response.headers["Retry-After"] = "1"
        return response, status
    log.exception("%s: unhandled error", request_id())
    if _is_dashboard_page():
        return dashboard_error_page(500)
    return error_response(
        500, "internal_error", "Something went wrong on our side; nothing was changed.", None,
        "api_error",
    )


def _validation_error(messages: dict):
    """Turn webargs/marshmallow messages into one error object naming the first bad field."""
    location, problems = next(iter(messages.items()))
    if location == "json" and isinstance(problems, list):
        return error_response(400, "invalid_json", "The request body is not valid JSON.")
    param, text = _first_problem(problems)
    if param in (None, "_schema"):
        return error_response(
            400, "parameter_invalid", f"The request {location} must be a JSON object: {text}"
        )
    if text == "Unknown field.":
        code, text = "parameter_unknown", f"Received unknown parameter: {param}"
    elif text == "Missing data for required field.":
        code, text = "parameter_missing", f"Missing required parameter: {param}"
    else:
        code, text = "parameter_invalid", f"Invalid {param}: {text}"
    return error_response(400, code, text, param)


def _first_problem(problems, path: str | None = None) -> tuple[str | None, str]:
    if isinstance(problems, dict):
        key, inner = next(iter(problems.items()))
        child = str(key) if path is None else f"{path}[{key}]"
        return _first_problem(inner, child)
    if isinstance(problems, list) and problems:
        first = problems[0]
        if isinstance(first, dict | list):
            return _first_problem(first, path)
        return path, str(first)
    return path, str(problems)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(core_errors.GoodwordError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
