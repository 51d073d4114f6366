"""Base errors. Each domain package subclasses these with its own codes;
`api/request/errors.py` maps the kinds (not found, conflict, invalid) to HTTP statuses, so no
domain code knows about HTTP."""


class GoodwordError(Exception):
    """A failure the caller can act on, with a stable machine `code` and a readable message."""

    code = "invalid_request"

    def __init__(self, message: str, *, code: str | None = None, param: str | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.param = param


class InvalidInput(GoodwordError):
    code = "parameter_invalid"


class NotFound(GoodwordError):
    code = "resource_missing"


class Conflict(GoodwordError):
    code = "conflict"


class Unavailable(GoodwordError):
    """Something Goodword depends on (Stripe) could not answer: retrying later may succeed."""

    code = "service_unavailable"


class AuthenticationFailed(GoodwordError):
    code = "invalid_api_key"


class PermissionDenied(GoodwordError):
    code = "permission_denied"
