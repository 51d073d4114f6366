"""The redirect's side of the first-click policy: a browser's first valid click keeps the credit.

A browser that already holds a valid click (its `gw_click` cookie) of the same merchant, inside
the attribution window, keeps it when it follows another link: the new click is recorded (it is
a visit), but the shop is handed the first click's id, so a click injected later (cookie
stuffing, an extension at checkout) does not take the credit from the friend's real referrer.
Merchants who chose last_click get the new click, as before.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.merchants.models import Merchant
from referrals.clicks.models import Click
from referrals.signups import fraud


def click_to_keep(session: Session, *, held: str, new: str, now: datetime) -> str | None:
    """`held` when it keeps the credit over the click `new` just recorded, else None. Asked only
    for browsers that carry a click cookie, so a first visit pays no query for it."""
    if held == new or not held.startswith("clk_"):
        return None
    clicks = {click.id: click for click in session.scalars(
        select(Click).where(Click.id.in_([held, new])))}
    first, latest = clicks.get(held), clicks.get(new)
    if first is None or latest is None or not first.valid:
        return None
    if first.merchant_id != latest.merchant_id:
        return None
    merchant = session.get_one(Merchant, first.merchant_id)
    if first.created_at < now - timedelta(days=merchant.attribution_window_days):
        return None
    if fraud.settings_for(session, merchant_id=merchant.id).attribution != "first_click":
        return None
    return held
