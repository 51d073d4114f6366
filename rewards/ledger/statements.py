"""What the books say: a promoter's balances, their ledger history, and the trial balance."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.pagination import NumberedPage, numbered_page, page
from rewards.ledger.models import Account, LedgerEntry, LedgerTransaction, Reward


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
    by_unit: dict[str, dict[str, Any]] = {}
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
    starting_after: str | None = None, ending_before: str | None = None,
) -> tuple[list[LedgerTransaction], bool]:
    return page(
        session,
        select(LedgerTransaction).where(
            LedgerTransaction.merchant_id == merchant_id,
            LedgerTransaction.promoter_id == promoter_id,
        ),
        id_column=LedgerTransaction.id, prefix="txn", limit=limit, starting_after=starting_after,
        ending_before=ending_before,
    )


def entries_of(session: Session, *, transaction_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each transaction's entries as {owner, account, amount}, in one query."""
    rows = session.execute(
        select(LedgerEntry.transaction_id, Account.owner, Account.kind, LedgerEntry.amount)
        .join(Account, Account.id == LedgerEntry.account_id)
        .where(LedgerEntry.transaction_id.in_(transaction_ids))
        .order_by(LedgerEntry.id)
    ).all()
    grouped: dict[str, list[dict[str, Any]]] = {}
    for transaction_id, owner, kind, amount in rows:
        grouped.setdefault(transaction_id, []).append(
            {"owner": owner, "account": kind, "amount": amount}
        )
    return grouped


def history(
    session: Session, *, merchant_id: str, promoter_id: str, limit: int,
    starting_after: str | None = None, ending_before: str | None = None,
) -> tuple[list[LedgerTransaction], bool]:
    """A page of transactions, each with `.entries` attached."""
    found, has_more = transactions(session, merchant_id=merchant_id, promoter_id=promoter_id,
                                   limit=limit, starting_after=starting_after,
                                   ending_before=ending_before)
    entries = entries_of(session, transaction_ids=[transaction.id for transaction in found])
    for transaction in found:
        transaction.entries = entries.get(transaction.id, [])
    return found, has_more


def history_page(session: Session, *, merchant_id: str, promoter_id: str, number: int,
                 size: int) -> NumberedPage:
    """Page `number` of the promoter's transactions, newest first, each with `.entries`."""
    found = numbered_page(
        session,
        select(LedgerTransaction).where(LedgerTransaction.merchant_id == merchant_id,
                                        LedgerTransaction.promoter_id == promoter_id),
        order_by=[LedgerTransaction.id.desc()], number=number, size=size,
    )
    entries = entries_of(session, transaction_ids=[transaction.id for transaction in found.rows])
    for transaction in found.rows:
        transaction.entries = entries.get(transaction.id, [])
    return found


@dataclass(frozen=True)
class TrialBalance:
    unit: str
    by_kind: dict[str, int]
    accounts_total: int  # sum of every account balance: zero when the books balance
    entries_total: int  # sum of every entry ever posted: zero as well
    accounts_match_entries: bool


@dataclass(frozen=True)
class TrialBalanceReport:
    balanced: bool
    # Every promoter's pending and available accounts equal what their reward lots hold.
    lots_match_accounts: bool
    units: list[TrialBalance]


def report(session: Session, *, merchant_id: str) -> TrialBalanceReport:
    units = trial_balance(session, merchant_id=merchant_id)
    balanced = all(
        unit.accounts_total == 0 == unit.entries_total and unit.accounts_match_entries
        for unit in units
    )
    return TrialBalanceReport(
        balanced=balanced,
        lots_match_accounts=lots_match_accounts(session, merchant_id=merchant_id),
        units=units,
    )


def lots_match_accounts(session: Session, *, merchant_id: str) -> bool:
    """What the lots say each promoter has pending and available equals their account rows."""
    lots = {
        (owner, unit): (int(pending), int(available))
        for owner, unit, pending, available in session.execute(
            select(Reward.promoter_id, Reward.unit, func.sum(Reward.pending),
                   func.sum(Reward.available))
            .where(Reward.merchant_id == merchant_id).group_by(Reward.promoter_id, Reward.unit)
        )
    }
    accounts: dict[tuple[str, str], list[int]] = {}
    for owner, unit, kind, balance in session.execute(
        select(Account.owner, Account.unit, Account.kind, Account.balance).where(
            Account.merchant_id == merchant_id, Account.kind.in_(("pending", "available"))
        )
    ):
        accounts.setdefault((owner, unit), [0, 0])[kind == "available"] = balance
    keys = set(lots) | set(accounts)
    return all(lots.get(key, (0, 0)) == tuple(accounts.get(key, (0, 0))) for key in keys)


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


