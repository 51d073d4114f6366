"""Promoters (search and leaderboard, one promoter's page) and the review queue."""

from flask import abort, flash, redirect, render_template, request, url_for

from api.dashboard.blueprint import blp
from api.dashboard.held_orders import held_orders
from api.dashboard.ledger_words import movement
from api.dashboard.paging import PAGE_SIZE, page_number
from api.dashboard.session import current_user, login_required
from api.redirects import link_url
from api.request.context import now
from core.currencies import format_money
from core.db import db
from core.errors import GoodwordError, NotFound
from referrals.journey import stats as stats_service
from referrals.promoters import directory
from referrals.signups import cases
from referrals.signups import service as signups_service
from rewards.ledger import statements
from rewards.program import tiers as tiers_service

CASES_PER_PAGE = 20
# Rows shown of one case: a farm of hundreds is decided by its case buttons, not read in full.
ROWS_PER_CASE = 50


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
    """The held signups as cases (a farm is one case), the largest first, 20 cases a page;
    below them the orders held for review, the longest waiting first, 20 a page."""
    queue = cases.review_queue(db.session, merchant_id=current_user().merchant_id)
    pages = max(1, -(-queue.total_cases // CASES_PER_PAGE))
    number = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    shown = cases.load(db.session,
                       queue.cases[(number - 1) * CASES_PER_PAGE:number * CASES_PER_PAGE])
    return render_template("dashboard/review.html", cases=shown, queue=queue, page=number,
                           pages=pages, rows_shown=ROWS_PER_CASE,
                           held=held_orders(page_number("orders_page")),
                           format_money=format_money)


@blp.post("/review/bulk")
@login_required
def decide_many():
    """A whole case, or the rows ticked in it: one transaction, all or none."""
    verdict, scope = request.form.get("decision"), request.values.get("scope")
    if verdict not in ("approve", "reject") or scope not in ("case", "selected"):
        abort(400, description="Choose approve or reject, for the case or the selected rows.")
    ids = request.form.getlist("case_referral" if scope == "case" else "referral")
    back = redirect(url_for("dashboard.review_queue", page=request.form.get("page", 1,
                                                                            type=int)))
    if not ids:
        flash("Tick at least one signup, or decide the whole case.", "error")
        return back
    user = current_user()
    note = request.form.get("note", "").strip()[:1000] or None
    try:
        result = cases.decide_many(
            db.session, merchant_id=user.merchant_id, referral_ids=ids,
            approve=verdict == "approve", decided_by=user.id, now=now(), note=note,
        )
    except NotFound:
        db.session.rollback()
        abort(404)
    except GoodwordError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return back
    status = "approved" if verdict == "approve" else "rejected"
    count = len(result.decided)
    flash(f"{count} signup{'s' if count != 1 else ''} {status}."
          + (f" {len(result.unchanged)} already were." if result.unchanged else ""))
    return back


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
