"""Everything Goodword holds about one promoter, as one document: what a merchant hands over
when a person asks for their data (GDPR art. 15/20).

The sections are found from the schema, not listed by hand: every table with a `promoter_id`
column contributes its rows for this promoter, so a table added later is exported without
anyone remembering. The rest is what points at the person by their customer id (the referral
they came from, the orders they placed, the widget on their order pages and their answers) and
the events whose data names them. Other people's details are left out: friends they referred
appear without their email, network or browser; clicks on their links carry only the keyed
hash of the network they came from. Lookup keys derived from personal data stay internal.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from core.db import Model
from core.events.models import Event
from referrals.clicks.models import Click
from referrals.promoters.models import Promoter
from referrals.promoters.service import get_promoter
from referrals.signups.models import Referral
from referrals.widget.models import WidgetFeedback, WidgetSession
from rewards.ledger.models import Account, LedgerEntry, LedgerTransaction
from rewards.orders.models import Order

# Columns never exported: internal lookup keys, and third parties' details in this person's rows.
LEFT_OUT = {
    "promoters": {"code_key"},
    "clicks": {"user_agent", "referrer", "visitor_id"},
    "referrals": {"referee_email", "referee_email_key", "ip_hash", "visitor_id", "user_agent",
                  "device_id", "network_hash"},
    "orders": {"customer_email"},
}


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def _row(obj: Any, *, table: str | None = None, keep: frozenset[str] = frozenset()
         ) -> dict[str, object]:
    name = table or obj.__table__.name
    left_out = LEFT_OUT.get(name, set()) - keep
    return {column.key: _plain(getattr(obj, column.key))
            for column in obj.__mapper__.column_attrs if column.key not in left_out}


def _promoter_tables() -> list[Any]:
    """Every mapped class with a promoter_id column, by table name."""
    classes = [mapper.class_ for mapper in Model.registry.mappers]
    return sorted((cls for cls in classes
                   if "promoter_id" in cls.__table__.columns and cls is not Promoter),
                  key=lambda cls: cls.__table__.name)


def export_promoter(session: Session, *, merchant_id: str, promoter_id: str) -> dict[str, Any]:
    promoter = get_promoter(session, merchant_id=merchant_id, promoter_id=promoter_id)
    document: dict[str, Any] = {"object": "promoter_export", "promoter": _row(promoter)}
    for cls in _promoter_tables():
        rows = session.scalars(select(cls).where(cls.promoter_id == promoter.id)).all()
        document[cls.__table__.name] = [_row(row) for row in rows]
    document["ledger_entries"] = [
        {"transaction": txn_id, "account": f"{kind}:{unit}", "amount": amount}
        for txn_id, kind, unit, amount in session.execute(
            select(LedgerEntry.transaction_id, Account.kind, Account.unit, LedgerEntry.amount)
            .join(Account, Account.id == LedgerEntry.account_id)
            .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
            .where(LedgerTransaction.promoter_id == promoter.id, Account.owner == promoter.id)
            .order_by(LedgerEntry.id))
    ]
    document["balances"] = [
        {"account": account.kind, "unit": account.unit, "balance": account.balance}
        for account in session.scalars(select(Account).where(
            Account.merchant_id == merchant_id, Account.owner == promoter.id))
    ]
    document |= _as_a_customer(session, promoter)
    document["events"] = [_row(event) for event in session.scalars(
        select(Event).where(Event.merchant_id == merchant_id,
                            cast(Event.data, String).contains(promoter.id))
        .order_by(Event.id))]
    return document


def _as_a_customer(session: Session, promoter: Promoter) -> dict[str, Any]:
    """What names the person by their customer id: as a referred friend and as a buyer."""
    customer = promoter.external_id
    if customer is None:  # erased, or never given one
        return {"referred_by": [], "orders_placed": [], "widget_sessions": [],
                "widget_feedback": []}
    merchant_id = promoter.merchant_id
    referred_by = session.scalars(select(Referral).where(
        Referral.merchant_id == merchant_id, Referral.referee_external_id == customer)).all()
    own_clicks = {referral.click_id for referral in referred_by if referral.click_id}
    sessions = session.scalars(select(WidgetSession).where(
        WidgetSession.merchant_id == merchant_id,
        (WidgetSession.customer_external_id == customer)
        | (WidgetSession.promoter_id == promoter.id)).order_by(WidgetSession.id)).all()
    return {
        # Their own signup as somebody's friend: their own email and network hash are theirs.
        "referred_by": [_row(referral, keep=frozenset({"referee_email", "ip_hash"}))
                        for referral in referred_by],
        "own_clicks": [_row(click, keep=frozenset({"user_agent", "referrer"}))
                       for click in session.scalars(
                           select(Click).where(Click.id.in_(own_clicks)))],
        "orders_placed": [_row(order, keep=frozenset({"customer_email"}))
                          for order in session.scalars(select(Order).where(
                              Order.merchant_id == merchant_id,
                              Order.customer_external_id == customer).order_by(Order.id))],
        "widget_sessions": [_row(visit) for visit in sessions],
        "widget_feedback": [_row(answer) for answer in session.scalars(
            select(WidgetFeedback).where(
                WidgetFeedback.widget_session_id.in_([visit.id for visit in sessions])))],
    }
