"""The dashboard blueprint: CSRF checked before every view, the signed-in user in templates."""

from flask import Blueprint

from api.dashboard.session import check_csrf, csrf_token, current_user
from core.db import db
from core.events import endpoints as endpoints_service

blp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@blp.before_request
def _csrf():
    check_csrf()


@blp.context_processor
def _template_globals():
    return {"csrf_token": csrf_token, "current_user": current_user,
            "failing_endpoints": _failing_endpoints}


def _failing_endpoints():
    """Endpoints Goodword disabled for failing: a banner on every page until someone acts."""
    user = current_user()
    if user is None:
        return []
    return endpoints_service.disabled_for_failing(db.session, merchant_id=user.merchant_id)


@blp.after_request
def _no_store(response):
    # Promoters' emails and balances: not for shared caches or the back button after logout.
    # CSP and framing come from api/guards/security_headers.py, like every page's.
    response.headers.setdefault("Cache-Control", "no-store")
    return response
