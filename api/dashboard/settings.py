"""Settings: how the share widget looks (with the real widget previewed live), and the program's
money settings (attribution window, hold days, points expiry, point value, shop domains) with
the guardrails every rule and tier is saved within (the most one award may pay, the shortest
hold).

Validated by the same schemas and services as PATCH /v1/widget_settings and PATCH /v1/merchant.
Staff may restyle the widget; only owners change the program settings and the exchange rates
(POST /v1/exchange_rates), because those decide who is paid and how much (a shorter hold pays
before refunds are known, a longer window credits more orders, a higher rate pays more for a
foreign order) just as keys decide who may call the API.
"""

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for

from api.dashboard.blueprint import blp
from api.dashboard.forms import FormInvalid, schema_load, service_error, whole_numbers
from api.dashboard.session import current_user, login_required, owner_required
from api.request.context import credentials_secrets, now
from api.v1.exchange_rates import ExchangeRateSet
from api.v1.merchant import MerchantUpdate
from api.widget.admin import WidgetSettingsUpdate
from api.widget.public import OfferRead, WidgetSettingsRead
from core.db import db
from core.errors import GoodwordError
from core.merchants import exchange_rates as rates_service
from core.merchants import service as merchants_service
from referrals.widget import service as widget_service
from rewards import currency_change
from rewards.program import offers

COLORS = ("accent_color", "background_color", "text_color")
PROGRAM_NUMBERS = ("attribution_window_days", "hold_days", "points_expiry_days", "point_value",
                   "max_award_points", "max_award_credit", "min_hold_days")
GUARDRAILS = ("max_award_points", "max_award_credit", "min_hold_days")


def _widget_values(settings) -> dict:
    values = {name: getattr(settings, name) for name in COLORS}
    values.update(title=settings.title or "", ask_nps="true" if settings.ask_nps else "")
    return values


def _program_values(merchant) -> dict:
    values = {name: "" if getattr(merchant, name) is None else str(getattr(merchant, name))
              for name in PROGRAM_NUMBERS}
    values.update(shop_url=merchant.shop_url, allowed_domains="\n".join(merchant.allowed_domains))
    return values


def _page(*, widget_values=None, widget_errors=None, program_values=None, program_errors=None,
          rate_values=None, rate_errors=None, status: int = 200):
    merchant_id = current_user().merchant_id
    merchant = merchants_service.get_merchant(db.session, merchant_id=merchant_id)
    settings = widget_service.get_settings(db.session, merchant_id=merchant_id)
    preview = {
        "settings": WidgetSettingsRead().dump(settings),
        "offer": OfferRead().dump(offers.referral_offer(db.session, merchant_id=merchant_id)),
        "link": f"{current_app.config['PUBLIC_URL']}/r/YOURCODE",
    }
    return render_template(
        "dashboard/settings.html", preview=preview,
        widget_values=widget_values or _widget_values(settings), widget_errors=widget_errors or {},
        program_values=program_values or _program_values(merchant),
        program_errors=program_errors or {},
        rates=rates_service.list_rates(db.session, merchant=merchant),
        rate_values=rate_values or {}, rate_errors=rate_errors or {}, currency=merchant.currency,
    ), status


def _refused(section: str, values: dict, exc: FormInvalid | GoodwordError):
    """The page again with the section's values as sent and its errors; nothing of them kept."""
    db.session.rollback()
    errors = exc.errors if isinstance(exc, FormInvalid) else service_error(exc).errors
    return _page(**{f"{section}_values": values, f"{section}_errors": errors}, status=400)


def _widget_changes(values: dict) -> dict:
    payload = {name: values.get(name, "").strip() for name in COLORS}
    payload["title"] = values.get("title", "").strip() or None
    payload["ask_nps"] = values.get("ask_nps") in ("true", "on")
    return schema_load(WidgetSettingsUpdate(), payload)


@blp.get("/settings")
@login_required
def settings():
    return _page()


@blp.get("/settings/widget/preview")
@login_required
def preview_widget():
    """The settings as the widget would get them, or why they would be refused: the widget
    service runs on the typed values and is rolled back, so the preview checks what saving does."""
    try:
        changes = _widget_changes(request.args)
        updated = widget_service.update_settings(
            db.session, merchant_id=current_user().merchant_id, changes=changes)
        shown = WidgetSettingsRead().dump(updated)
    except FormInvalid as exc:
        param, message = next(iter(exc.errors.items()))
        return jsonify(error={"param": param, "message": message}), 400
    except GoodwordError as exc:
        return jsonify(error={"param": exc.param, "message": exc.message}), 400
    finally:
        db.session.rollback()
    return jsonify(settings=shown)


@blp.post("/settings/widget")
@login_required
def save_widget():
    values = {name: request.form.get(name, "") for name in (*COLORS, "title", "ask_nps")}
    try:
        widget_service.update_settings(db.session, merchant_id=current_user().merchant_id,
                                       changes=_widget_changes(values))
    except FormInvalid as exc:
        return _page(widget_values=values, widget_errors=exc.errors, status=400)
    except GoodwordError as exc:
        db.session.rollback()
        return _page(widget_values=values, widget_errors=service_error(exc).errors, status=400)
    flash("Widget settings saved: shops show them from the next page load.")
    return redirect(url_for("dashboard.settings"))


@blp.post("/settings/program")
@owner_required
def save_program():
    values = {name: request.form.get(name, "").strip()
              for name in (*PROGRAM_NUMBERS, "shop_url", "allowed_domains")}
    try:
        payload = whole_numbers(dict(values), PROGRAM_NUMBERS)
        for name in GUARDRAILS:
            if name not in request.form:  # not on the form sent: left as it is
                payload.pop(name)
        # One domain per line (commas work too); an empty expiry means points never expire.
        payload["allowed_domains"] = [domain for line in values["allowed_domains"].splitlines()
                                      for domain in line.replace(",", " ").split()]
        changes = schema_load(MerchantUpdate(), payload)
        merchants_service.update_merchant(
            db.session, merchant=merchants_service.get_merchant(
                db.session, merchant_id=current_user().merchant_id),
            changes=changes, credentials_secrets=credentials_secrets(),
            amounts_held=currency_change.amounts_held)
    except (FormInvalid, GoodwordError) as exc:
        return _refused("program", values, exc)
    flash("Program settings saved.")
    return redirect(url_for("dashboard.settings"))


@blp.post("/settings/exchange_rates")
@owner_required
def save_exchange_rate():
    """Set a rate (currency and rate), or remove one (remove=currency)."""
    merchant = merchants_service.get_merchant(db.session, merchant_id=current_user().merchant_id)
    values = {name: request.form.get(name, "").strip() for name in ("currency", "rate")}
    try:
        if request.form.get("remove"):
            removed = rates_service.remove_rate(db.session, merchant=merchant,
                                                currency=request.form["remove"])
            done = f"The {removed.currency} rate is removed: its orders earn nothing from rules "
            done += f"in {merchant.currency} until you set one again."
        else:
            fields = schema_load(ExchangeRateSet(), values)
            rate, _ = rates_service.set_rate(db.session, merchant=merchant, now=now(), **fields)
            done = f"1 {rate.currency} now counts as {rate.rate} {rate.to_currency}."
    except (FormInvalid, GoodwordError) as exc:
        return _refused("rate", values, exc)
    flash(done)
    return redirect(url_for("dashboard.settings", _anchor="exchange-rates"))
