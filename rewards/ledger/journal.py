"""The merchant's whole ledger, page by page, each transaction with its entries (for export)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.pagination import page
from rewards.ledger.models import LedgerTransaction
from rewards.ledger.statements import entries_of


def merchant_transactions(
    session: Session, *, merchant_id: str, limit: int, starting_after: str | None = None,
    ending_before: str | None = None
) -> tuple[list[LedgerTransaction], bool]:
    """A page of every ledger transaction of the merchant, newest first, `.entries` attached."""
    found, has_more = page(
        session, select(LedgerTransaction).where(LedgerTransaction.merchant_id == merchant_id),
        id_column=LedgerTransaction.id, prefix="txn", limit=limit, starting_after=starting_after,
        ending_before=ending_before,
    )
    entries = entries_of(session, transaction_ids=[transaction.id for transaction in found])
    for transaction in found:
        transaction.entries = entries.get(transaction.id, [])
    return found, has_more
