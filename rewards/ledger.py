"""Posting to the double-entry ledger: idempotent, balanced, and safe under concurrency.

A posting names its accounts by owner and kind. The transaction row goes in first under a
unique (merchant, key), ON CONFLICT DO NOTHING: a concurrent duplicate waits on that index and
then finds the posting already made. The accounts are then locked, their balances checked and
moved together (one UPDATE) with the entries.

Lock order, everywhere: an order row, then reward lots (ascending id, in one statement), then
accounts (ascending id, in one statement). A use case that makes several postings (a refund
of an order paying two promoters, a maturation batch) locks every account it will touch with
one `lock_accounts` call before its first posting: locking them posting by posting would take
them in the order of the work, not of their ids, and two such use cases could deadlock.

Creating an account locks it too: until its creator commits, whoever else creates it waits.
So `lock_accounts` locks its accounts only if every one exists; otherwise it locks none,
creates the missing ones in key order, and then locks them all by id. A transaction never
waits to create an account while holding one it locked, so no ring can form: a wait to lock
is for a holder of locks taken in id order, a wait to create for a creator further on in key
order or past creating, and a row not committed yet is not there to lock. (Holding X while
creating Y deadlocked with Y's creator when X appeared while that one was creating Y and it
then locked X: 20 signups at once for a new referrer got a 503 in about one run in two.)

Claims that make an order unique beyond its own id (a Stripe payment intent's link row,
taken by the referrals package) come before the order row, lots and accounts.

Promoter rows come before lots and accounts. The order path locks its buyer's row FOR NO KEY
UPDATE before the order row; the promoters an event pays (and the one redeeming) are read FOR
KEY SHARE by rewards.standing, in ascending id, before the lots. KEY SHARE, like the foreign-key
checks of rows pointing at a promoter, conflicts only with FOR UPDATE, which only blocking and
erasure take: on one promoter row, holding no order, lot or account. Erasure takes it after
scrubbing the rows that point at the promoter (referrals, subscriptions), since paths that lock
one of those (an approval, a subscription's invoice) read the promoter's standing after it.

Merchant-side accounts (issued, redeemed, expired, clawed back) are the other side of every
posting, so one row per merchant would make every posting of the merchant queue behind the
previous one until it commits. Each is MERCHANT_SHARDS rows instead (`shard` 0..31) that sum to
the account; a database transaction posts to one shard, picked at random when it first posts,
so concurrent orders of different promoters rarely meet. Merchant-side accounts have no sign to
check, so no posting ever needs their total; reports sum the shards (rewards.statements).
Promoter accounts are single rows (shard 0): their balances are checked under the row lock.
"""

import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select, tuple_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from core.db import insert_ignoring_twins, insert_unless_exists
from core.ids import new_id
from rewards.errors import InsufficientBalance, UnbalancedTransaction
from rewards.models import (
    MERCHANT_OWNER,
    MERCHANT_SHARDS,
    Account,
    LedgerEntry,
    LedgerTransaction,
)

NON_NEGATIVE = frozenset({"pending", "available", "held"})
AccountKey = tuple[str, str, str]  # (owner, kind, unit)


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
    accounts: dict[AccountKey, Account] | None = None,
) -> tuple[LedgerTransaction, bool]:
    """Post a balanced transaction once; returns (transaction, posted_now). `accounts`: what
    the caller's `lock_accounts` returned, if it locked them already in this transaction."""
    legs = [leg for leg in legs if leg.amount != 0]
    if sum(leg.amount for leg in legs) != 0 or not legs:
        raise UnbalancedTransaction(f"{key}: legs {legs} do not balance")
    transaction = LedgerTransaction(
        id=new_id("txn"), merchant_id=merchant_id, promoter_id=promoter_id, kind=kind, unit=unit,
        key=key, cause_type=cause.type, cause_id=cause.id, rule_id=cause.rule_id,
        rule_version=cause.rule_version, reward_id=cause.reward_id, description=description,
        created_at=now,
    )
    if not insert_unless_exists(session, transaction):
        # The same posting was made before, or committed while we waited on its key: it stands.
        return find(session, merchant_id=merchant_id, key=key), False
    needed = {(leg.owner, leg.kind, unit) for leg in legs}
    if accounts is None or not needed <= accounts.keys():
        accounts = lock_accounts(session, merchant_id=merchant_id, keys=needed)
    moves: dict[int, int] = {}
    for leg in legs:
        account = accounts[leg.owner, leg.kind, unit]
        if leg.kind in NON_NEGATIVE and account.balance + leg.amount < 0:
            raise InsufficientBalance(
                f"Not enough {leg.kind} {unit}: {account.balance} there, {-leg.amount} needed.",
                param="amount",
            )
        moves[account.id] = moves.get(account.id, 0) + leg.amount
    _move(session, [account for account in accounts.values() if account.id in moves], moves)
    session.add_all(
        LedgerEntry(transaction_id=transaction.id, account_id=accounts[leg.owner, leg.kind,
                                                                       unit].id,
                    amount=leg.amount)
        for leg in legs
    )
    session.flush()
    return transaction, True


@dataclass(frozen=True)
class Posting:
    """One balanced transaction of a `post_many` batch (the arguments of `post`)."""

    kind: str
    unit: str
    key: str
    legs: list[Leg]
    cause: Cause
    description: str
    created_at: datetime
    promoter_id: str | None = None


def post_many(
    session: Session,
    *,
    merchant_id: str,
    postings: list[Posting],
    accounts: dict[AccountKey, Account],
) -> list[str]:
    """Post many balanced transactions in four statements, whatever their number: the
    transactions, their entries, and every balance moved in one UPDATE. Returns their ids.

    For postings whose keys are new by construction (each names a cause made in this same
    transaction, such as a batch's new orders): a key posted before fails the statement, and
    with it the unit of work, instead of being found as `post` finds it. `accounts` must hold
    every account the legs name, locked by the caller (`lock_accounts`). Balances are checked
    posting by posting, as `post` would check them one after another."""
    balances = {account.id: account.balance for account in accounts.values()}
    moves: dict[int, int] = {}
    transactions, entries = [], []
    for posting in postings:
        legs = [leg for leg in posting.legs if leg.amount != 0]
        if sum(leg.amount for leg in legs) != 0 or not legs:
            raise UnbalancedTransaction(f"{posting.key}: legs {legs} do not balance")
        transaction_id = new_id("txn")
        for leg in legs:
            account = accounts[leg.owner, leg.kind, posting.unit]
            balances[account.id] += leg.amount
            if leg.kind in NON_NEGATIVE and balances[account.id] < 0:
                raise InsufficientBalance(
                    f"Not enough {leg.kind} {posting.unit}: {-leg.amount} needed.",
                    param="amount",
                )
            moves[account.id] = moves.get(account.id, 0) + leg.amount
            entries.append({"transaction_id": transaction_id, "account_id": account.id,
                            "amount": leg.amount})
        cause = posting.cause
        transactions.append({
            "id": transaction_id, "merchant_id": merchant_id, "promoter_id": posting.promoter_id,
            "kind": posting.kind, "unit": posting.unit, "key": posting.key,
            "cause_type": cause.type, "cause_id": cause.id, "rule_id": cause.rule_id,
            "rule_version": cause.rule_version, "reward_id": cause.reward_id,
            "description": posting.description, "created_at": posting.created_at,
        })
    if not transactions:
        return []
    session.execute(LedgerTransaction.__table__.insert(), transactions)
    session.execute(LedgerEntry.__table__.insert(), entries)
    _move(session, [account for account in accounts.values() if account.id in moves], moves)
    return [transaction["id"] for transaction in transactions]


def _move(session: Session, accounts: list[Account], moves: dict[int, int]) -> None:
    """Every account's balance (and what it was ever credited) moved in one UPDATE."""
    credits = {account_id: max(amount, 0) for account_id, amount in moves.items()}
    session.execute(
        update(Account)
        .where(Account.id.in_(list(moves)))
        .values(balance=Account.balance + case(moves, value=Account.id),
                credited_total=Account.credited_total + case(credits, value=Account.id))
        .execution_options(synchronize_session=False)
    )
    for account in accounts:
        # The rows are locked, so the new values are known without reading them back.
        set_committed_value(account, "balance", account.balance + moves[account.id])
        set_committed_value(account, "credited_total",
                            account.credited_total + credits[account.id])


def find(session: Session, *, merchant_id: str, key: str) -> LedgerTransaction | None:
    return session.scalars(
        select(LedgerTransaction).where(
            LedgerTransaction.merchant_id == merchant_id, LedgerTransaction.key == key
        )
    ).one_or_none()


def merchant_shard(session: Session) -> int:
    """The merchant-side shard this session posts to, chosen once at random."""
    if "ledger_shard" not in session.info:
        session.info["ledger_shard"] = random.randrange(MERCHANT_SHARDS)
    return session.info["ledger_shard"]


def lock_accounts(
    session: Session, *, merchant_id: str, keys: set[AccountKey]
) -> dict[AccountKey, Account]:
    """The accounts, created if new, locked FOR UPDATE in ascending id order, in one statement
    (two more the first time an account is needed, see the lock order above). Locking accounts
    this transaction already holds costs nothing and waits for nobody."""
    shard = merchant_shard(session)
    rows = {key: (*key, shard if key[0] == MERCHANT_OWNER else 0) for key in keys}
    wanted = list(rows.values())
    locked = _locked(session, merchant_id, wanted, only_if_all_exist=True)
    if len(locked) < len(rows):
        # One is missing, and none is locked (see the lock order above). Created in one order
        # whatever order the keys came in (a set's order differs from process to process):
        # two postings creating the same accounts wait for each other, never in a ring. Those
        # already there are left as they are.
        session.execute(insert_ignoring_twins(session, Account).values([
            {"merchant_id": merchant_id, "owner": owner, "kind": kind, "unit": unit,
             "shard": row_shard, "balance": 0, "credited_total": 0}
            for owner, kind, unit, row_shard in sorted(wanted)
        ]))  # created concurrently: it exists, which is all we need
        locked = _locked(session, merchant_id, wanted)
    return {key: locked[row] for key, row in rows.items()}


def _locked(session: Session, merchant_id: str, rows: list[tuple], *,
            only_if_all_exist: bool = False) -> dict[tuple, Account]:
    """The accounts' rows locked in ascending id order; `only_if_all_exist`: none is locked
    (and none returned) unless every one exists."""
    wanted = (Account.merchant_id == merchant_id,
              tuple_(Account.owner, Account.kind, Account.unit, Account.shard).in_(rows))
    statement = select(Account).where(*wanted)
    if only_if_all_exist:
        # Counted once for the statement, before any row is locked.
        statement = statement.where(
            select(func.count()).select_from(Account).where(*wanted).scalar_subquery()
            == len(rows))
    found = session.scalars(
        statement.order_by(Account.id).with_for_update()
        .execution_options(populate_existing=True)
    )
    return {(account.owner, account.kind, account.unit, account.shard): account
            for account in found}


def balance_of(session: Session, *, merchant_id: str, owner: str, kind: str, unit: str) -> int:
    """One row read for a promoter, the shards summed for the merchant; no entries summed."""
    return session.scalar(
        select(func.sum(Account.balance)).where(
            Account.merchant_id == merchant_id, Account.owner == owner, Account.kind == kind,
            Account.unit == unit,
        )
    ) or 0


__all__ = ["MERCHANT_OWNER", "Cause", "Leg", "Posting", "balance_of", "find", "lock_accounts",
           "post", "post_many"]
