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
taken by the referrals package) come before the order row, lots and accounts. Before the claim
comes the advisory lock on (merchant, payment intent) (referrals.stripe.refunds.lock_payments),
which a Stripe refund of that payment also takes before it reads or locks the order row.

Promoter rows come before lots and accounts. The order path locks its buyer's row FOR NO KEY
UPDATE before the order row; the promoters an event pays (and the one redeeming) are read FOR
KEY SHARE by rewards.earning.standing, in ascending id, before the lots. KEY SHARE, like the
foreign-key checks of rows pointing at a promoter, conflicts only with FOR UPDATE, which only
blocking and erasure take: on one promoter row, holding no order, lot or account. Erasure takes it
after scrubbing the rows that point at the promoter (referrals, subscriptions), since paths that
lock one of those (an approval, a subscription's invoice) read the promoter's standing after it; for
the same reason the order path takes its buyer's approved referral (FOR KEY SHARE) before the
buyer's row. Tier rows, after the postings, are locked in promoter id order.

The merchant's row is held FOR KEY SHARE by every earning (rewards.program.rules, re-read there, and
by the foreign keys of the rows it inserts); a change of the merchant's currency takes it FOR
UPDATE holding nothing else, so it waits for the earnings in flight and is never waited on
while it waits.

Merchant-side accounts (issued, redeemed, expired, clawed back) are the other side of every
posting, so one row per merchant would make every posting of the merchant queue behind the
previous one until it commits. Each is MERCHANT_SHARDS rows instead (`shard` 0..31) that sum to
the account; a database transaction posts to one shard, picked at random when it first posts,
so concurrent orders of different promoters rarely meet. Merchant-side accounts have no sign to
check, so no posting ever needs their total; reports sum the shards (rewards.ledger.statements).
Promoter accounts are single rows (shard 0): their balances are checked under the row lock.
"""

import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BigInteger, bindparam, func, select, tuple_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from core.db import execute_core, insert_ignoring_twins, insert_unless_exists
from core.ids import new_id
from rewards.errors import InsufficientBalance, UnbalancedTransaction
from rewards.ledger.models import (
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
    session.flush()  # what the caller changed before, ahead of the entries
    # One INSERT of plain rows: entries are never read back or changed in this transaction,
    # so they need no ORM objects (whose flush cost more than the statement).
    execute_core(session, _ENTRIES, [
        {"transaction_id": transaction.id, "account_id": accounts[leg.owner, leg.kind, unit].id,
         "amount": leg.amount}
        for leg in legs
    ])
    return transaction, True


_ENTRIES = LedgerEntry.__table__.insert()
# Built once: moving balances is in every posting, and building the statement per posting (a
# CASE per account) cost more Python than sending it.
_MOVE = (
    update(Account.__table__)
    .where(Account.__table__.c.id == bindparam("account"))
    .values(balance=Account.__table__.c.balance + bindparam("amount", type_=BigInteger),
            credited_total=Account.__table__.c.credited_total
            + bindparam("credit", type_=BigInteger))
)


def _move(session: Session, accounts: list[Account], moves: dict[int, int]) -> None:
    """Every account's balance (and what it was ever credited) moved, in one round trip (one
    UPDATE per account, sent together). The accounts are locked already (`lock_accounts`)."""
    credits = {account_id: max(amount, 0) for account_id, amount in moves.items()}
    execute_core(session, _MOVE, [{"account": account_id, "amount": moves[account_id],
                             "credit": credits[account_id]} for account_id in sorted(moves)])
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


# Built once, sent with each use's merchant and rows (see _MOVE).
_WANTED = (Account.merchant_id == bindparam("merchant"),
           tuple_(Account.owner, Account.kind, Account.unit, Account.shard)
           .in_(bindparam("rows", expanding=True)))
_LOCKED = (
    select(Account)
    .where(*_WANTED)
    .order_by(Account.id)
    .with_for_update()
    .execution_options(populate_existing=True)
)
# None is locked unless every one exists: counted once for the statement, before any row is
# locked (see the lock order above).
_LOCKED_IF_ALL_EXIST = _LOCKED.where(
    select(func.count()).select_from(Account).where(*_WANTED).scalar_subquery()
    == bindparam("wanted"))


def _locked(session: Session, merchant_id: str, rows: list[tuple], *,
            only_if_all_exist: bool = False) -> dict[tuple, Account]:
    """The accounts' rows locked in ascending id order; `only_if_all_exist`: none is locked
    (and none returned) unless every one exists."""
    if only_if_all_exist:
        found = session.scalars(_LOCKED_IF_ALL_EXIST,
                                {"merchant": merchant_id, "rows": rows, "wanted": len(rows)})
    else:
        found = session.scalars(_LOCKED, {"merchant": merchant_id, "rows": rows})
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


__all__ = ["MERCHANT_OWNER", "Cause", "Leg", "balance_of", "find", "lock_accounts", "post"]
