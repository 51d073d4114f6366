"""What the books say: a promoter's balances, their ledger history, and the trial balance."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.pagination import page
from rewards.models import Account, LedgerEntry, LedgerTransaction


@dataclass(frozen=True)
class Balance:
    unit: str
    pending: int = 0
    available: int = 0
    held: int = 0
    debt: int = 0  # what refunds could not take back yet: repaid from future earnings
    lifetime_earned: int = 0


def balances(session: Session, *, merchant_id: str, promoter_id: str) -> list[Balance]:
    """Each unit the promoter holds, read from the account rows (no summing of entries)."""
    by_unit: dict[str, dict] = {}
    for account in session.scalars(
        select(Account).where(Account.merchant_id == merchant_id, Account.owner == promoter_id)
    ):
        unit = by_unit.setdefault(account.unit, {"unit": account.unit})
        unit[account.kind] = account.balance
        if account.kind == "pending":
            unit["lifetime_earned"] = account.credited_total
    by_unit.setdefault("points", {"unit": "points"})
    return [Balance(**fields) for _, fields in sorted(by_unit.items())]


def transactions(
    session: Session, *, merchant_id: str, promoter_id: str, limit: int,
    starting_after: str | None = None,
) -> tuple[list[LedgerTransaction], bool]:
    return page(
        session,
        select(LedgerTransaction).where(
            LedgerTransaction.merchant_id == merchant_id,
            LedgerTransaction.promoter_id == promoter_id,
        ),
        id_column=LedgerTransaction.id, prefix="txn", limit=limit, starting_after=starting_after,
    )


def entries_of(session: Session, *, transaction_ids: list[str]) -> dict[str, list[tuple]]:
    """Each transaction's entries as (owner, kind, amount), in one query."""
    rows = session.execute(
        select(LedgerEntry.transaction_id, Account.owner, Account.kind, LedgerEntry.amount)
        .join(Account, Account.id == LedgerEntry.account_id)
        .where(LedgerEntry.transaction_id.in_(transaction_ids))
        .order_by(LedgerEntry.id)
    ).all()
    grouped: dict[str, list[tuple]] = {}
    for transaction_id, owner, kind, amount in rows:
        grouped.setdefault(transaction_id, []).append((owner, kind, amount))
    return grouped


@dataclass(frozen=True)
class TrialBalance:
    unit: str
    by_kind: dict[str, int]
    accounts_total: int  # sum of every account balance: zero when the books balance
    entries_total: int  # sum of every entry ever posted: zero as well
    accounts_match_entries: bool


def trial_balance(session: Session, *, merchant_id: str) -> list[TrialBalance]:
    """The books per unit, checked two ways: cached balances and the entries themselves."""
    kinds = session.execute(
        select(Account.unit, Account.kind, func.sum(Account.balance))
        .where(Account.merchant_id == merchant_id).group_by(Account.unit, Account.kind)
    ).all()
    entries = dict(session.execute(
        select(Account.unit, func.sum(LedgerEntry.amount))
        .join(Account, Account.id == LedgerEntry.account_id)
        .where(Account.merchant_id == merchant_id).group_by(Account.unit)
    ).all())
    per_account = session.execute(
        select(Account.id, Account.balance, func.coalesce(func.sum(LedgerEntry.amount), 0))
        .outerjoin(LedgerEntry, LedgerEntry.account_id == Account.id)
        .where(Account.merchant_id == merchant_id).group_by(Account.id, Account.balance)
    ).all()
    consistent = all(balance == summed for _, balance, summed in per_account)
    units: dict[str, dict[str, int]] = {}
    for unit, kind, total in kinds:
        units.setdefault(unit, {})[kind] = int(total)
    return [
        TrialBalance(unit=unit, by_kind=by_kind, accounts_total=sum(by_kind.values()),
                     entries_total=int(entries.get(unit, 0)),
                     accounts_match_entries=consistent)
        for unit, by_kind in sorted(units.items())
    ]


__all__ = ["Balance", "TrialBalance", "balances", "entries_of",
           "transactions", "trial_balance"]
