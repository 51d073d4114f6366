"""HTTP only: the app factory, blueprints, schemas, auth and the error object."""

from api.app import create_app

__all__ = ["create_app"]
