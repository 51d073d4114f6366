"""A promoter's history as things that happened to them, not as ledger postings: what they
earned and for whom, what they used and for what, what came back or went.

The ledger records each movement between accounts ("300 held | -300 available, +300 held");
a promoter wants the event behind it ("You used 300 points for $3.00 store credit"). This reads
the ledger page and the causes it names (orders, referrals, shares, redemptions) in one query
each, and leaves the wording to the page that shows it.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from referrals.shares.models import Share
from referrals.signups.models import Referral
from rewards.ledger.models import Account, LedgerEntry, LedgerTransaction
from rewards.orders.models import Order
from rewards.redemptions.models import Redemption

# What a promoter sees: earnings, redemptions that went through or came back, refunds taking
# back, expiry. A hold period ending ("mature") and a redemption's hold are book-keeping of an
# event already shown, so they are left out.
SHOWN_KINDS = ("earn", "redeem_post", "redeem_void", "clawback", "expire")


@dataclass(frozen=True)
class HistoryItem:
    """One thing that happened, with what the page needs to say it in words."""

    when: datetime
    kind: str  # earned, used, returned, taken_back, expired
    amount: int  # always positive: the sentence says which way it went
    unit: str  # "points" or a currency for store credit
    because: str  # order, first_order, referral, share, signup, redemption, other
    friend: str | None = None  # the referred friend's email or external id
    channel: str | None = None
    credit_amount: int | None = None
    credit_currency: str | None = None
    reward_kind: str | None = None
    note: str | None = None  # the ledger's own description, for causes without words here


def history(session: Session, *, merchant_id: str, promoter_id: str, limit: int
            ) -> list[HistoryItem]:
    """The promoter's latest `limit` history items, newest first."""
    found = list(session.scalars(
        select(LedgerTransaction).where(
            LedgerTransaction.merchant_id == merchant_id,
            LedgerTransaction.promoter_id == promoter_id,
            LedgerTransaction.kind.in_(SHOWN_KINDS),
        ).order_by(LedgerTransaction.id.desc()).limit(limit)
    ))
    held_out = {txn.id for txn in found if txn.kind in ("redeem_post", "redeem_void")}
    moved: dict[str, int] = {}
    for transaction_id, kind, amount in session.execute(
        select(LedgerEntry.transaction_id, Account.kind, LedgerEntry.amount)
        .join(Account, Account.id == LedgerEntry.account_id)
        .where(LedgerEntry.transaction_id.in_([txn.id for txn in found]),
               Account.owner == promoter_id)
    ):
        # A redemption's points left "available" when it was held; its post or void moves them
        # out of "held". Everything else moves between pending, available and debt.
        if (kind == "held") == (transaction_id in held_out):
            moved[transaction_id] = moved.get(transaction_id, 0) + amount
    causes = _causes(session, found)
    return [_item(txn, abs(moved.get(txn.id, 0)), causes) for txn in found]


def _causes(session: Session, found: list[LedgerTransaction]) -> dict[str, object]:
    ids: dict[str, set[str]] = {}
    for txn in found:
        ids.setdefault(txn.cause_type, set()).add(txn.cause_id)
    causes: dict[str, object] = {}
    if ids.get("order"):
        for order in session.scalars(select(Order).where(Order.id.in_(ids["order"]))):
            causes[order.id] = order
            if order.referral_id:
                ids.setdefault("referral", set()).add(order.referral_id)
    if ids.get("referral"):
        for referral in session.scalars(select(Referral).where(Referral.id.in_(ids["referral"]))):
            causes[referral.id] = referral
    if ids.get("share"):
        for share in session.scalars(select(Share).where(Share.id.in_(ids["share"]))):
            causes[share.id] = share
    if ids.get("redemption"):
        for redemption in session.scalars(
                select(Redemption).where(Redemption.id.in_(ids["redemption"]))):
            causes[redemption.id] = redemption
    return causes


def _friend(referral: object) -> str | None:
    if isinstance(referral, Referral):
        return referral.referee_email or referral.referee_external_id
    return None


def _item(txn: LedgerTransaction, amount: int, causes: dict[str, object]) -> HistoryItem:
    kind = {"earn": "earned", "redeem_post": "used", "redeem_void": "returned",
            "clawback": "taken_back", "expire": "expired"}[txn.kind]
    base = HistoryItem(when=txn.created_at, kind=kind, amount=amount, unit=txn.unit,
                       because="other", note=txn.description)
    cause = causes.get(txn.cause_id)
    if isinstance(cause, Order):
        referral = causes.get(cause.referral_id) if cause.referral_id else None
        return replace(base, because="first_order" if cause.first_order else "order",
                        friend=_friend(referral) or cause.customer_email)
    if isinstance(cause, Referral):
        return replace(base, because="referral", friend=_friend(cause))
    if isinstance(cause, Share):
        return replace(base, because="share", channel=cause.channel)
    if isinstance(cause, Redemption):
        return replace(base, because="redemption", credit_amount=cause.credit_amount,
                        credit_currency=cause.credit_currency, reward_kind=cause.reward_kind)
    if txn.cause_type == "promoter":
        return replace(base, because="signup")
    if txn.cause_type == "refund":
        return replace(base, because="refund")
    return base

