"""The loyalty page: retention in numbers, and the emails members get (each kind on or off,
its wording with a preview, and the latest messages with their failures)."""

from flask import flash, redirect, render_template, request, url_for

from api.dashboard.blueprint import blp
from api.dashboard.session import current_user, login_required
from api.request.context import now
from core.currencies import format_money
from core.db import db
from core.errors import GoodwordError
from core.merchants import service as merchants_service
from referrals.members import stats as loyalty_stats
from referrals.messages import service as messages_service
from referrals.messages.models import MESSAGE_KINDS

RECENT_MESSAGES = 50


def _page(*, error: str | None = None, preview=None, edited: dict | None = None,
          status: int = 200):
    merchant_id = current_user().merchant_id
    merchant = merchants_service.get_merchant(db.session, merchant_id=merchant_id)
    stats = loyalty_stats.loyalty_stats(db.session, merchant_id=merchant_id, now=now())
    settings = messages_service.settings(db.session, merchant_id=merchant_id)
    recent = messages_service.recent_messages(db.session, merchant_id=merchant_id,
                                              limit=RECENT_MESSAGES)
    return render_template("dashboard/loyalty.html", merchant=merchant, stats=stats,
                           settings=settings, recent=recent, money=format_money, error=error,
                           preview=preview, edited=edited or {}), status


@blp.get("/loyalty")
@login_required
def loyalty():
    return _page()


@blp.post("/loyalty/messages")
@login_required
def save_message_setting():
    """Save one kind's switch and wording, or only preview the wording (nothing is saved)."""
    kind = request.form.get("kind", "")
    template = request.form.get("template", "")
    enabled = request.form.get("enabled") == "true"
    if kind not in MESSAGE_KINDS:
        return _page(error="Choose a kind of message.", status=400)
    merchant = merchants_service.get_merchant(db.session,
                                              merchant_id=current_user().merchant_id)
    try:
        if request.form.get("action") == "preview":
            shown = messages_service.preview(template, merchant_name=merchant.name)
            return _page(preview=(kind, shown), edited={kind: template})
        messages_service.save_setting(db.session, merchant_id=merchant.id, kind=kind,
                                      enabled=enabled, template=template, now=now())
    except GoodwordError as exc:
        db.session.rollback()
        return _page(error=exc.message, edited={kind: template}, status=400)
    flash(f"{kind.replace('_', ' ').capitalize()} emails are {'on' if enabled else 'off'}.")
    return redirect(url_for("dashboard.loyalty", _anchor=kind))
