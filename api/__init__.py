"""HTTP only: the app factory, the /v1 API, widget, dashboard, portal and pages; the CLI in cli/."""

from api.app import create_app

__all__ = ["create_app"]
