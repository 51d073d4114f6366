"""The merchant dashboard: HTML pages for people, signed in with email and password."""

from api.dashboard import account, developers, exports, journey, program, promoters  # noqa: F401 -- routes register on blp
from api.dashboard.blueprint import blp

__all__ = ["blp"]
