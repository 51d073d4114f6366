"""The journey page: the funnels over a date range, its trend, the K-factor, cycle time and
the program's return (defined in referrals/journey/funnel.py and docs/guides/journey.md)."""

from datetime import UTC, datetime, time, timedelta

from flask import render_template, request

from api.dashboard.blueprint import blp
from api.dashboard.charts import line_chart
from api.dashboard.session import current_user, login_required
from api.request.context import now
from api.v1.stats import SENSIBLE_TIMES
from core.db import db
from core.errors import GoodwordError, InvalidInput
from referrals.journey import stats as stats_service
from referrals.journey import trends

CHANNEL_LABELS = {"copy": "Copied link", "sms": "SMS", "whatsapp": "WhatsApp", "x": "X",
                  "linkedin": "LinkedIn", "native": "Device share sheet"}


def _date_arg(name: str) -> datetime | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        return None
    moment = datetime.combine(day, time(), tzinfo=UTC)
    if not SENSIBLE_TIMES.min <= moment <= SENSIBLE_TIMES.max:
        # The journey counts back 30 days and on one: a date at either end of the calendar
        # would overflow, and no shop has a funnel there.
        raise InvalidInput(
            f"Pick a date from {SENSIBLE_TIMES.min.date()} to {SENSIBLE_TIMES.max.date()}.",
            param=name)
    return moment


def _percent(rate: float | None) -> str:
    return f"{100 * rate:.1f}%" if rate is not None else "-"


@blp.get("")
@login_required
def journey():
    """Days are whole UTC days: `to` is inclusive for a person, so the range ends the day after."""
    merchant_id = current_user().merchant_id
    start = _date_arg("from")
    end = _date_arg("to")
    end = end + timedelta(days=1) if end else None
    if start is None and end is None:
        # The last 30 calendar days, today included: whole days, as the date fields show them
        # (and the finished ones are read from their rollup).
        start = datetime.combine(now().date() - timedelta(days=29), time(), tzinfo=UTC)
    error = None
    try:
        found = stats_service.journey(
            db.session, merchant_id=merchant_id, now=now(), start=start, end=end
        )
    except GoodwordError as exc:
        db.session.rollback()
        error = exc.message
        found = stats_service.journey(db.session, merchant_id=merchant_id, now=now())
    counts = found.counts
    days = trends.daily(db.session, merchant_id=merchant_id, since=found.start, until=found.end,
                        parts=found.parts)
    chart = line_chart(
        [day.day.strftime("%b %d") for day in days],
        [
            ("Clicks", "s-clicks", [day.clicks for day in days]),
            ("Signups", "s-signups", [day.signups for day in days]),
            ("First orders", "s-orders", [day.first_orders for day in days]),
        ],
    )
    viral = trends.virality(db.session, merchant_id=merchant_id, since=found.start,
                            until=found.end, parts=found.parts)
    return render_template(
        "dashboard/journey.html", journey=found, counts=counts, chart=chart, viral=viral,
        k=found.virality, roi=found.return_on_rewards, percent=_percent, error=error,
        channel_labels=CHANNEL_LABELS,
        date_from=found.start.date().isoformat(),
        date_to=(found.end - timedelta(microseconds=1)).date().isoformat(),
    )
