"""Promoters (search and leaderboard, one promoter's page) and the review queue."""

from flask import abort, flash, redirect, render_template, request, url_for

from api.dashboard.blueprint import blp
from api.dashboard.ledger_words import movement
from api.dashboard.paging import PAGE_SIZE, page_number
from api.dashboard.session import current_user, login_required
from api.redirects import link_url
from api.request.context import now
from core.db import db
from core.errors import GoodwordError, NotFound
from referrals.journey import stats as stats_service
from referrals.promoters import directory
from referrals.signups import service as signups_service
from rewards.ledger import statements
from rewards.program import tiers as tiers_service

QUEUE_SIZE = 100


@blp.get("/promoters")
@login_required
def promoters():
    query = request.args.get("q", "")[:200]
    found = directory.search_page(db.session, merchant_id=current_user().merchant_id,
                                  query=query, number=page_number(), size=PAGE_SIZE)
    return render_template("dashboard/promoters.html", found=found, rows=found.rows,
                           query=query)


@blp.get("/promoters/<promoter_id>")
@login_required
def promoter(promoter_id: str):
    merchant_id = current_user().merchant_id
    try:
        found, counts = stats_service.promoter_with_counts(
            db.session, merchant_id=merchant_id, promoter_id=promoter_id
        )
    except NotFound:
        abort(404)
    tier = tiers_service.tier_status(db.session, merchant_id=merchant_id,
                                     promoter_id=found.id, now=now())
    balances = statements.balances(db.session, merchant_id=merchant_id, promoter_id=found.id)
    history = statements.history_page(
        db.session, merchant_id=merchant_id, promoter_id=found.id,
        number=page_number("ledger_page"), size=PAGE_SIZE)
    referrals = signups_service.referral_page(
        db.session, merchant_id=merchant_id, promoter=found.id,
        number=page_number("referrals_page"), size=PAGE_SIZE)
    link = link_url(merchant_id=merchant_id, promoter_id=found.id, signed_at=found.created_at)
    return render_template(
        "dashboard/promoter.html", promoter=found, counts=counts, tier=tier, balances=balances,
        history=history, referrals=referrals, link=link, movement=movement,
    )


@blp.get("/review")
@login_required
def review_queue():
    pending, has_more = signups_service.list_referrals(
        db.session, merchant_id=current_user().merchant_id, status="pending_review",
        limit=QUEUE_SIZE,
    )
    return render_template("dashboard/review.html", referrals=pending, has_more=has_more)


@blp.post("/review/<referral_id>")
@login_required
def decide(referral_id: str):
    verdict = request.form.get("decision")
    if verdict not in ("approve", "reject"):
        abort(400, description="Choose approve or reject.")
    user = current_user()
    note = request.form.get("note", "").strip()[:1000] or None
    try:
        referral = signups_service.decide(
            db.session, merchant_id=user.merchant_id, referral_id=referral_id,
            approve=verdict == "approve", decided_by=user.id, now=now(), note=note,
        )
    except NotFound:
        db.session.rollback()
        abort(404)
    except GoodwordError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("dashboard.review_queue"))
    flash(f"Referral {referral.id} {referral.status}.")
    return redirect(url_for("dashboard.review_queue"))
