"""Program settings: the reward rules (turned on and off as new versions) and the tier ladder."""

import marshmallow as ma
from flask import abort, flash, redirect, render_template, request, url_for

from api.dashboard import amounts
from api.dashboard.blueprint import blp
from api.dashboard.rule_words import BENEFICIARY_WORDS, TRIGGER_WORDS, overlaps
from api.dashboard.session import current_user, login_required
from api.request.context import now
from api.v1.tiers import TierCreate
from core.db import db
from core.errors import GoodwordError, NotFound
from core.merchants import service as merchants_service
from rewards.program import rule_definitions, tier_definitions
from rewards.program import tiers as tiers_service
from rewards.program.models import TIER_METRICS

MAX_RULES_SHOWN = 100


def _page(*, error: str | None = None, form: dict | None = None, status: int = 200):
    merchant_id = current_user().merchant_id
    rules, _ = rule_definitions.list_rules(db.session, merchant_id=merchant_id,
                                           limit=MAX_RULES_SHOWN)
    tiers = tier_definitions.ladder(db.session, merchant_id=merchant_id)
    currency = merchants_service.get_merchant(db.session, merchant_id=merchant_id).currency
    rewards = {rule.rule_id: amounts.reward_words(rule.reward_type, rule.reward_value,
                                                  currency=currency) for rule in rules}
    return render_template("dashboard/program.html", rules=rules, tiers=tiers, error=error,
                           form=form or {}, metrics=TIER_METRICS, rewards=rewards,
                           times_words=amounts.times_words,
                           overlaps=overlaps(rules), trigger_words=TRIGGER_WORDS,
                           beneficiary_words=BENEFICIARY_WORDS), status


@blp.get("/program")
@login_required
def program():
    return _page()


@blp.post("/program/rules/<rule_id>/active")
@login_required
def set_rule_active(rule_id: str):
    """Turning a rule off or on appends a version: rewards already paid keep naming the version
    that paid them."""
    active = request.form.get("active") == "true"
    try:
        version = rule_definitions.update_rule(
            db.session, merchant_id=current_user().merchant_id, rule_id=rule_id,
            changes={"active": active}, now=now(),
        )
    except NotFound:
        db.session.rollback()
        abort(404)
    except GoodwordError as exc:
        db.session.rollback()
        return _page(error=exc.message, status=400)
    flash(f"Rule “{version.name}” is {'on' if active else 'off'} (version {version.version}).")
    return redirect(url_for("dashboard.program"))


def placed_in_words(changes: list) -> str:
    """What placing promoters after a tier change did, in words."""
    moved = sum(change.change == "promoted" for change in changes)
    graces = sum(change.change == "grace_started" for change in changes)
    said = [f"{moved} promoter{'s' if moved != 1 else ''} who qualify now moved up"]
    if graces:
        said.append(f"{graces} now below their tier start its grace period")
    return ", ".join(said)


@blp.post("/program/tiers")
@login_required
def create_tier():
    form = {name: request.form.get(name, "").strip() for name in
            ("name", "metric", "threshold", "window_days", "multiplier", "perks")}
    raw = {name: value for name, value in form.items() if value}
    for name in ("threshold", "window_days"):
        if name in raw:
            try:
                raw[name] = int(raw[name])
            except ValueError:
                return _page(error=f"{name.replace('_', ' ')} must be a whole number.",
                             form=form, status=400)
    if "multiplier" in raw:  # typed as times the points ("1.5"), stored in basis points
        try:
            raw["multiplier"] = amounts.times_to_basis_points(raw["multiplier"])
        except amounts.AmountInvalid:
            return _page(error=f"multiplier: {amounts.MULTIPLIER_PROBLEM}", form=form,
                         status=400)
    try:
        fields = TierCreate().load(raw)
        tier, placed = tiers_service.create_tier(
            db.session, merchant_id=current_user().merchant_id, now=now(), **fields
        )
    except ma.ValidationError as exc:
        name, problems = next(iter(exc.messages.items()))
        if name == "multiplier":  # the schema's range is in basis points
            problems = [amounts.MULTIPLIER_PROBLEM]
        return _page(error=f"{name.replace('_', ' ')}: {' '.join(map(str, problems))}",
                     form=form, status=400)
    except GoodwordError as exc:
        db.session.rollback()
        return _page(error=exc.message, form=form, status=400)
    flash(f"Tier “{tier.name}” created; {placed_in_words(placed)}.")
    return redirect(url_for("dashboard.program"))
