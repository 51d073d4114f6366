"""The developers page: API keys (owners create, roll and revoke them), webhook endpoints
(api/dashboard/webhooks.py) and the embed snippet."""

from datetime import timedelta

from flask import abort, render_template, request

from api.dashboard.blueprint import blp
from api.dashboard.session import current_user, owner_required
from api.request.context import digest_secret, now
from core.db import db
from core.errors import GoodwordError
from core.events import endpoints as endpoints_service
from core.events.service import EVENT_TYPES
from core.merchants import keys as keys_service
from core.merchants import service as merchants_service

ROLL_GRACE = {"0": timedelta(0), "24": timedelta(hours=24)}


def page(*, shown_key: str | None = None, error: str | None = None, status: int = 200,
         shown_secret: str | None = None, webhook_values: dict | None = None,
         webhook_errors: dict | None = None):
    merchant_id = current_user().merchant_id
    keys, _ = keys_service.list_keys(db.session, merchant_id=merchant_id, limit=100)
    endpoints, _ = endpoints_service.list_endpoints(
        db.session, merchant_id=merchant_id, limit=endpoints_service.MAX_ENDPOINTS)
    return render_template(
        "dashboard/developers.html", keys=keys, shown_key=shown_key, error=error, now=now(),
        endpoints=endpoints, shown_secret=shown_secret,
        event_types=EVENT_TYPES,
        health=endpoints_service.health(db.session, merchant_id=merchant_id,
                                        endpoints=endpoints),
        webhook_values=webhook_values or {"enabled_events": ["*"]},
        webhook_errors=webhook_errors or {},
    ), status


def _own_key(key_id: str):
    """The key if it is this merchant's; another merchant's key is simply not there."""
    try:
        api_key = keys_service.get_key(db.session, key_id=key_id)
    except GoodwordError:
        abort(404)
    if api_key.merchant_id != current_user().merchant_id:
        abort(404)
    return api_key


@blp.get("/developers")
@owner_required
def developers():
    return page()


@blp.post("/developers/keys")
@owner_required
def create_key():
    merchant = merchants_service.get_merchant(db.session, merchant_id=current_user().merchant_id)
    try:
        _, raw_key = keys_service.issue_key(
            db.session, merchant=merchant, kind=request.form.get("kind", ""),
            mode=request.form.get("mode", ""), digest_secret=digest_secret(), now=now(),
        )
    except GoodwordError as exc:
        db.session.rollback()
        return page(error=exc.message, status=400)
    # Shown in this response only (no redirect, no-store): Goodword keeps the digest alone.
    return page(shown_key=raw_key)


@blp.post("/developers/keys/<key_id>/roll")
@owner_required
def roll_key(key_id: str):
    _own_key(key_id)
    grace = ROLL_GRACE.get(request.form.get("grace_hours", "0"), timedelta(0))
    try:
        _, raw_key = keys_service.roll_key(db.session, key_id=key_id,
                                           digest_secret=digest_secret(), now=now(), grace=grace)
    except GoodwordError as exc:
        db.session.rollback()
        return page(error=exc.message, status=400)
    return page(shown_key=raw_key)


@blp.post("/developers/keys/<key_id>/revoke")
@owner_required
def revoke_key(key_id: str):
    _own_key(key_id)
    keys_service.revoke_key(db.session, key_id=key_id, now=now())
    return page()
