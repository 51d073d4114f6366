"""Webhook endpoints on the developers page: add one (its signing secret shown once), disable,
enable, delete; each endpoint's delivery log with redelivery. Owners only, like the keys: an
endpoint receives every promoter's events. The same schemas and services as /v1/webhook_endpoints.
"""

from flask import abort, flash, redirect, render_template, request, url_for

from api.dashboard.blueprint import blp
from api.dashboard.developers import page
from api.dashboard.forms import FormInvalid, schema_load, service_error
from api.dashboard.paging import page_number
from api.dashboard.session import current_user, owner_required
from api.request.context import credentials_secrets, now, production
from api.v1.webhook_endpoints import WebhookEndpointCreate
from core.db import db
from core.errors import GoodwordError, NotFound
from core.events import endpoints as endpoints_service
from core.events import service as events_service

LOG_PAGE = 25


def _own_endpoint(endpoint_id: str):
    try:
        return endpoints_service.get_endpoint(
            db.session, merchant_id=current_user().merchant_id, endpoint_id=endpoint_id)
    except NotFound:
        abort(404)


@blp.post("/developers/webhooks")
@owner_required
def create_webhook():
    values = {"url": request.form.get("url", "").strip(),
              "description": request.form.get("description", "").strip(),
              "enabled_events": request.form.getlist("enabled_events")}
    payload = {"url": values["url"], "enabled_events": values["enabled_events"]}
    if values["description"]:
        payload["description"] = values["description"]
    try:
        fields = schema_load(WebhookEndpointCreate(), payload)
        _, secret = endpoints_service.create_endpoint(
            db.session, merchant_id=current_user().merchant_id, now=now(),
            credentials_secrets=credentials_secrets(), production=production(), **fields)
    except FormInvalid as exc:
        return page(webhook_values=values, webhook_errors=exc.errors, status=400)
    except GoodwordError as exc:
        db.session.rollback()
        return page(webhook_values=values, webhook_errors=service_error(exc).errors, status=400)
    # Shown in this response only (no redirect, no-store): it cannot be read again.
    return page(shown_secret=secret)


@blp.post("/developers/webhooks/<endpoint_id>/state")
@owner_required
def set_webhook_state(endpoint_id: str):
    endpoint = _own_endpoint(endpoint_id)
    disabled = request.form.get("disabled") == "true"
    endpoints_service.update_endpoint(
        db.session, merchant_id=endpoint.merchant_id, endpoint_id=endpoint.id,
        changes={"disabled": disabled}, production=production())
    flash(f"{endpoint.url} is {'disabled' if disabled else 'enabled'}."
          + ("" if disabled else " Events sent while it was off are not replayed: redeliver "
                                 "the ones you need from its log."))
    return redirect(url_for("dashboard.developers", _anchor=endpoint.id))


@blp.post("/developers/webhooks/<endpoint_id>/delete")
@owner_required
def delete_webhook(endpoint_id: str):
    endpoint = _own_endpoint(endpoint_id)
    endpoints_service.delete_endpoint(db.session, merchant_id=endpoint.merchant_id,
                                      endpoint_id=endpoint.id)
    flash(f"{endpoint.url} is deleted: nothing more is sent to it.")
    return redirect(url_for("dashboard.developers"))


@blp.get("/developers/webhooks/<endpoint_id>")
@owner_required
def webhook_log(endpoint_id: str):
    endpoint = _own_endpoint(endpoint_id)
    found = endpoints_service.delivery_page(
        db.session, merchant_id=endpoint.merchant_id, endpoint_id=endpoint.id,
        number=page_number(), size=LOG_PAGE)
    types = events_service.event_types(db.session, merchant_id=endpoint.merchant_id,
                                       event_ids=[delivery.event_id for delivery in found.rows])
    health = endpoints_service.health(db.session, merchant_id=endpoint.merchant_id,
                                      endpoints=[endpoint])[endpoint.id]
    return render_template("dashboard/webhook_log.html", endpoint=endpoint, found=found,
                           deliveries=found.rows, types=types, health=health, now=now())


@blp.post("/developers/webhooks/<endpoint_id>/deliveries/<delivery_id>/redeliver")
@owner_required
def redeliver_webhook(endpoint_id: str, delivery_id: str):
    endpoint = _own_endpoint(endpoint_id)
    try:
        delivery = endpoints_service.redeliver(
            db.session, merchant_id=endpoint.merchant_id, endpoint_id=endpoint.id,
            delivery_id=delivery_id, now=now())
    except NotFound:
        db.session.rollback()
        abort(404)
    except GoodwordError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("dashboard.webhook_log", endpoint_id=endpoint.id))
    flash(f"Event {delivery.event_id} queued again as delivery {delivery.id}.")
    return redirect(url_for("dashboard.webhook_log", endpoint_id=endpoint.id))
