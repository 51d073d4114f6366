"""Posting to the double-entry ledger: idempotent, balanced, and safe under concurrency.

A posting names its accounts by owner and kind. The transaction row is inserted first under a
unique (merchant, key): a concurrent duplicate waits on that index and then finds the posting
already made. The accounts are then locked, their balances checked and moved together with the
entries.

Lock order, everywhere: an order row, then reward lots (ascending id, in one statement), then
accounts (ascending id, in one statement). A use case that makes several postings (a refund
of an order paying two promoters, a maturation batch) locks every account it will touch with
one `lock_accounts` call before its first posting: locking them posting by posting would take
them in the order of the work, not of their ids, and two such use cases could deadlock.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.ids import new_id
from rewards.errors import InsufficientBalance, UnbalancedTransaction
from rewards.models import MERCHANT_OWNER, Account, LedgerEntry, LedgerTransaction

NON_NEGATIVE = frozenset({"pending", "available", "held"})


@dataclass(frozen=True)
class Leg:
    owner: str  # a promoter id, or MERCHANT_OWNER
    kind: str
    amount: int


@dataclass(frozen=True)
class Cause:
    type: str
    id: str
    rule_id: str | None = None
    rule_version: int | None = None
    reward_id: str | None = None


def post(
    session: Session,
    *,
    merchant_id: str,
    kind: str,
    unit: str,
    key: str,
    legs: list[Leg],
    cause: Cause,
    description: str,
    now: datetime,
    promoter_id: str | None = None,
) -> tuple[LedgerTransaction, bool]:
    """Post a balanced transaction once; returns (transaction, posted_now)."""
    legs = [leg for leg in legs if leg.amount != 0]
    if sum(leg.amount for leg in legs) != 0 or not legs:
        raise UnbalancedTransaction(f"{key}: legs {legs} do not balance")
    existing = find(session, merchant_id=merchant_id, key=key)
    if existing is not None:
        return existing, False
    transaction = LedgerTransaction(
        id=new_id("txn"), merchant_id=merchant_id, promoter_id=promoter_id, kind=kind, unit=unit,
        key=key, cause_type=cause.type, cause_id=cause.id, rule_id=cause.rule_id,
        rule_version=cause.rule_version, reward_id=cause.reward_id, description=description,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(transaction)
    except IntegrityError:
        # The same posting committed concurrently while we waited on the key: it stands.
        return find(session, merchant_id=merchant_id, key=key), False
    accounts = lock_accounts(
        session, merchant_id=merchant_id, keys={(leg.owner, leg.kind, unit) for leg in legs}
    )
    for leg in legs:
        account = accounts[leg.owner, leg.kind, unit]
        if leg.kind in NON_NEGATIVE and account.balance + leg.amount < 0:
            raise InsufficientBalance(
                f"Not enough {leg.kind} {unit}: {account.balance} there, {-leg.amount} needed.",
                param="amount",
            )
    for leg in legs:
        account = accounts[leg.owner, leg.kind, unit]
        account.balance += leg.amount
        if leg.amount > 0:
            account.credited_total += leg.amount
        session.add(
            LedgerEntry(transaction_id=transaction.id, account_id=account.id, amount=leg.amount)
        )
    session.flush()
    return transaction, True


def find(session: Session, *, merchant_id: str, key: str) -> LedgerTransaction | None:
    return session.scalars(
        select(LedgerTransaction).where(
            LedgerTransaction.merchant_id == merchant_id, LedgerTransaction.key == key
        )
    ).one_or_none()


AccountKey = tuple[str, str, str]  # (owner, kind, unit)


def lock_accounts(
    session: Session, *, merchant_id: str, keys: set[AccountKey]
) -> dict[AccountKey, Account]:
    """The accounts, created if new, locked FOR UPDATE in ascending id order, in one statement.
    Locking accounts this transaction already holds costs nothing and waits for nobody."""
    for owner, kind, unit in sorted(keys):
        _ensure_account(session, merchant_id, owner, kind, unit)
    ids = [
        account_id for account_id, owner, kind, unit in session.execute(
            select(Account.id, Account.owner, Account.kind, Account.unit).where(
                Account.merchant_id == merchant_id,
                Account.owner.in_({owner for owner, _, _ in keys}),
            )
        ) if (owner, kind, unit) in keys
    ]
    locked = session.scalars(
        select(Account).where(Account.id.in_(ids)).order_by(Account.id)
        .with_for_update().execution_options(populate_existing=True)
    ).all()
    return {(account.owner, account.kind, account.unit): account for account in locked}


def balance_of(session: Session, *, merchant_id: str, owner: str, kind: str, unit: str) -> int:
    """One row read, no summing."""
    return session.scalar(
        select(Account.balance).where(
            Account.merchant_id == merchant_id, Account.owner == owner, Account.kind == kind,
            Account.unit == unit,
        )
    ) or 0


def _ensure_account(session: Session, merchant_id: str, owner: str, kind: str, unit: str):
    exists = session.scalar(
        select(Account.id).where(
            Account.merchant_id == merchant_id, Account.owner == owner, Account.kind == kind,
            Account.unit == unit,
        )
    )
    if exists is not None:
        return
    try:
        with session.begin_nested():
            session.add(Account(merchant_id=merchant_id, owner=owner, kind=kind, unit=unit,
                                balance=0, credited_total=0))
    except IntegrityError:
        pass  # created concurrently: it exists now, which is all we need


__all__ = ["MERCHANT_OWNER", "Cause", "Leg", "balance_of", "find", "lock_accounts", "post"]
