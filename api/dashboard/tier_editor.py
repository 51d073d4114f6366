"""Editing and deleting tiers from the program page, validated like PATCH and DELETE /v1/tiers."""

from flask import abort, flash, redirect, render_template, request, url_for

from api.dashboard import amounts
from api.dashboard.blueprint import blp
from api.dashboard.forms import FormInvalid, schema_load, service_error, whole_numbers
from api.dashboard.program import placed_in_words
from api.dashboard.session import current_user, login_required
from api.request.context import now
from api.v1.tiers import TierUpdate
from core.db import db
from core.errors import GoodwordError, NotFound
from rewards.program import tier_definitions, tiers
from rewards.program.models import TIER_METRICS

TEXT = ("name", "metric", "perks")
NUMBERS = ("threshold", "window_days", "grace_days")
MULTIPLIER = "multiplier"  # typed as times the points ("1.5"), stored in basis points


def read_multiplier(text: str) -> int | None:
    """The form's "1.5" as 15000 basis points; empty stays None (the schema decides)."""
    if not text:
        return None
    try:
        return amounts.times_to_basis_points(text)
    except amounts.AmountInvalid:
        raise FormInvalid({MULTIPLIER: amounts.MULTIPLIER_PROBLEM}) from None


def plain_multiplier(errors: dict[str, str]) -> dict[str, str]:
    """The schema's range message speaks basis points; the merchant typed times."""
    if MULTIPLIER in errors:
        return {**errors, MULTIPLIER: amounts.MULTIPLIER_PROBLEM}
    return errors


def _own_tier(tier_id: str):
    try:
        return tier_definitions.get_tier(db.session, merchant_id=current_user().merchant_id,
                                         tier_id=tier_id)
    except NotFound:
        abort(404)


def _form(tier, values: dict, errors: dict | None = None, status: int = 200):
    return render_template("dashboard/tier_form.html", tier=tier, values=values,
                           errors=errors or {}, metrics=TIER_METRICS), status


@blp.get("/program/tiers/<tier_id>/edit")
@login_required
def edit_tier(tier_id: str):
    tier = _own_tier(tier_id)
    values = {name: "" if getattr(tier, name) is None else str(getattr(tier, name))
              for name in (*TEXT, *NUMBERS)}
    values[MULTIPLIER] = amounts.basis_points_to_times(tier.multiplier)
    return _form(tier, values)


@blp.post("/program/tiers/<tier_id>")
@login_required
def save_tier(tier_id: str):
    tier = _own_tier(tier_id)
    values = {name: request.form.get(name, "").strip()
              for name in (*TEXT, *NUMBERS, MULTIPLIER)}
    try:
        errors: dict[str, str] = {}
        payload = dict(values)
        try:
            whole_numbers(payload, NUMBERS)
        except FormInvalid as exc:
            errors.update(exc.errors)
        try:
            payload[MULTIPLIER] = read_multiplier(values[MULTIPLIER])
        except FormInvalid as exc:
            errors.update(exc.errors)
        if errors:
            raise FormInvalid(errors)
        # An emptied perks field clears the perks; an emptied number is refused (null).
        payload["perks"] = values["perks"] or None
        changes = schema_load(TierUpdate(), payload)
        _, placed = tiers.update_tier(db.session, merchant_id=tier.merchant_id,
                                      tier_id=tier.id, changes=changes, now=now())
    except FormInvalid as exc:
        db.session.rollback()
        return _form(_own_tier(tier_id), values, plain_multiplier(exc.errors), 400)
    except GoodwordError as exc:
        db.session.rollback()
        return _form(_own_tier(tier_id), values, service_error(exc).errors, 400)
    flash(f"Tier “{values['name']}” saved; {placed_in_words(placed)}.")
    return redirect(url_for("dashboard.program", _anchor=tier_id))


@blp.get("/program/tiers/<tier_id>/delete")
@login_required
def confirm_tier_delete(tier_id: str):
    tier = _own_tier(tier_id)
    return render_template("dashboard/tier_delete.html", tier=tier,
                           holders=tiers.holders(db.session, tier_id=tier.id))


@blp.post("/program/tiers/<tier_id>/delete")
@login_required
def delete_tier(tier_id: str):
    tier = _own_tier(tier_id)
    name = tier.name
    _, moved = tiers.delete_tier(db.session, merchant_id=tier.merchant_id, tier_id=tier.id,
                                 now=now())
    if moved:
        flash(f"Tier “{name}” deleted; {len(moved)} promoter{'s' if len(moved) != 1 else ''} "
              "moved to the tier they now qualify for.")
    else:
        flash(f"Tier “{name}” deleted; no promoter was in it.")
    return redirect(url_for("dashboard.program"))
