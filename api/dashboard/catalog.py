"""The rewards catalog page: the merchant defines rewards, turns them off, uploads codes."""

import marshmallow as ma
from flask import abort, flash, redirect, render_template, request, url_for

from api.dashboard.blueprint import blp
from api.dashboard.session import current_user, login_required
from api.request.context import now
from api.v1.catalog import CatalogRewardCreate
from core.currencies import format_money
from core.db import db
from core.errors import GoodwordError, NotFound
from core.merchants import service as merchants_service
from rewards.catalog import service as catalog
from rewards.catalog.models import CATALOG_KINDS
from rewards.catalog.service import RewardTerms

FIELDS = ("name", "description", "kind", "points_cost", "amount", "percent_off", "product",
          "per_member_limit")
NUMBERS = ("points_cost", "amount", "percent_off", "per_member_limit")


def _page(*, error: str | None = None, form: dict | None = None, status: int = 200):
    merchant_id = current_user().merchant_id
    merchant = merchants_service.get_merchant(db.session, merchant_id=merchant_id)
    rewards = catalog.list_rewards(db.session, merchant_id=merchant_id)
    return render_template("dashboard/catalog.html", rewards=rewards, merchant=merchant,
                           codes_left=catalog.codes_left(db.session, merchant_id=merchant_id),
                           kinds=CATALOG_KINDS, money=format_money, error=error,
                           form=form or {}), status


@blp.get("/catalog")
@login_required
def rewards_catalog():
    return _page()


@blp.post("/catalog")
@login_required
def create_catalog_reward():
    form = {name: request.form.get(name, "").strip() for name in FIELDS}
    raw: dict = {name: value for name, value in form.items() if value}
    for name in NUMBERS:
        if name in raw:
            try:
                raw[name] = int(raw[name])
            except ValueError:
                return _page(error=f"{name.replace('_', ' ')} must be a whole number.",
                             form=form, status=400)
    try:
        fields = CatalogRewardCreate().load(raw)
        fields.pop("active", None)
        merchant = merchants_service.get_merchant(db.session,
                                                  merchant_id=current_user().merchant_id)
        reward = catalog.create_reward(db.session, merchant=merchant,
                                       terms=RewardTerms(**fields), now=now())
    except ma.ValidationError as exc:
        name, problems = next(iter(exc.messages.items()))
        return _page(error=f"{name.replace('_', ' ')}: {' '.join(map(str, problems))}",
                     form=form, status=400)
    except GoodwordError as exc:
        db.session.rollback()
        return _page(error=exc.message, form=form, status=400)
    flash(f"Reward “{reward.name}” added to the catalog.")
    return redirect(url_for("dashboard.rewards_catalog"))


@blp.post("/catalog/<reward_id>/active")
@login_required
def set_catalog_reward_active(reward_id: str):
    active = request.form.get("active") == "true"
    try:
        reward = catalog.update_reward(db.session, merchant_id=current_user().merchant_id,
                                       reward_id=reward_id, changes={"active": active})
    except NotFound:
        db.session.rollback()
        abort(404)
    flash(f"Reward “{reward.name}” is {'offered' if active else 'no longer offered'}.")
    return redirect(url_for("dashboard.rewards_catalog"))


@blp.post("/catalog/<reward_id>/codes")
@login_required
def upload_reward_codes(reward_id: str):
    """One code a line, as pasted from the partner's file."""
    codes = request.form.get("codes", "").splitlines()
    try:
        added = catalog.add_codes(db.session, merchant_id=current_user().merchant_id,
                                  reward_id=reward_id, codes=codes, now=now())
    except NotFound:
        db.session.rollback()
        abort(404)
    except GoodwordError as exc:
        db.session.rollback()
        return _page(error=exc.message, status=400)
    flash(f"{added} new code(s) added.")
    return redirect(url_for("dashboard.rewards_catalog"))
