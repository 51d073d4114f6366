"""Ledger accounts, transactions and entries, and reward lots.

The ledger is double-entry and append-only: every transaction's entries sum to zero, entries are
never updated or deleted (a PostgreSQL trigger refuses it), and corrections are new transactions.
Each account keeps its running balance in its own row, updated in the same transaction as its
entries under a row lock, so reading a balance is one row, not a sum.
"""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db, sql_list

# Promoter accounts hold what a promoter has; merchant accounts are where it came from or went.
PROMOTER_ACCOUNTS = ("pending", "available", "held", "debt")
MERCHANT_ACCOUNTS = ("issued", "redeemed", "expired", "clawed_back")
MERCHANT_OWNER = "merchant"
MERCHANT_SHARDS = 32
TRANSACTION_KINDS = (
    "earn", "mature", "expire", "clawback", "redeem_hold", "redeem_post", "redeem_void",
)



class Account(db.Model):
    __tablename__ = "ledger_accounts"
    __table_args__ = (
        UniqueConstraint("merchant_id", "owner", "kind", "unit", "shard"),
        # The last line of defence under the row locks: a promoter can never hold less than
        # nothing, and debt (what clawbacks could not take back) is never positive.
        CheckConstraint(
            "(kind IN ('pending', 'available', 'held') AND balance >= 0)"
            " OR (kind = 'debt' AND balance <= 0)"
            f" OR kind IN ({sql_list(MERCHANT_ACCOUNTS)})",
            name="balance_sign",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    # A promoter id, or "merchant" for the merchant's own accounts.
    owner: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))
    # "points", or an ISO currency for store credit in minor units.
    unit: Mapped[str] = mapped_column(String(8))
    # Merchant-side accounts are split into MERCHANT_SHARDS rows that sum to the account, so
    # postings for different promoters do not queue on one merchant row (see
    # rewards.ledger.service); promoter accounts are always shard 0.
    shard: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    # Everything ever credited: for a pending account, the promoter's lifetime earnings.
    credited_total: Mapped[int] = mapped_column(BigInteger, default=0)


class LedgerTransaction(db.Model):
    __tablename__ = "ledger_transactions"
    __table_args__ = (
        # Every posting has a deterministic key (earn:order:...:rule:...), so a retried job or
        # request finds the posting it already made instead of making a second one.
        UniqueConstraint("merchant_id", "key"),
        CheckConstraint(f"kind IN ({sql_list(TRANSACTION_KINDS)})", name="kind"),
        Index("ix_ledger_transactions_promoter_id_id", "promoter_id", "id"),
        Index("ix_ledger_transactions_merchant_id_rule_id", "merchant_id", "rule_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    promoter_id: Mapped[str | None] = mapped_column(ForeignKey("promoters.id"))
    kind: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(200))
    # What caused it: an order, referral, promoter (enrolment), share, refund, redemption, reward.
    cause_type: Mapped[str] = mapped_column(String(16))
    cause_id: Mapped[str] = mapped_column(String(40))
    rule_id: Mapped[str | None] = mapped_column(String(40))
    rule_version: Mapped[int | None] = mapped_column(Integer)
    reward_id: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LedgerEntry(db.Model):
    __tablename__ = "ledger_entries"
    __table_args__ = (CheckConstraint("amount <> 0", name="nonzero"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    transaction_id: Mapped[str] = mapped_column(ForeignKey("ledger_transactions.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)


REWARD_STATUSES = ("pending", "available", "settled")


class Reward(db.Model):
    """One earning (a lot): how much of it is still pending or available, and why it exists.

    Lots let refunds claw back exactly the rewards of their order, let redemptions spend the
    oldest points first, and let expiry take only what is left of points that are old enough.
    """

    __tablename__ = "rewards"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_list(REWARD_STATUSES)})", name="status"),
        CheckConstraint(
            "amount > 0 AND pending >= 0 AND available >= 0 AND clawed_back >= 0"
            " AND expired >= 0 AND redeemed >= 0"
            " AND pending + available + clawed_back + expired + redeemed = amount",
            name="amounts",
        ),
        Index("ix_rewards_status_matures_at", "status", "matures_at"),
        Index("ix_rewards_promoter_id_unit_status", "promoter_id", "unit", "status"),
        Index("ix_rewards_order_id", "order_id"),
        Index("ix_rewards_merchant_id_rule_id_created_at", "merchant_id", "rule_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    promoter_id: Mapped[str] = mapped_column(ForeignKey("promoters.id"))
    unit: Mapped[str] = mapped_column(String(8))
    amount: Mapped[int] = mapped_column(BigInteger)
    pending: Mapped[int] = mapped_column(BigInteger)
    available: Mapped[int] = mapped_column(BigInteger, default=0)
    clawed_back: Mapped[int] = mapped_column(BigInteger, default=0)
    expired: Mapped[int] = mapped_column(BigInteger, default=0)
    # Spent on redemptions (held or issued); a failed redemption gives it back.
    redeemed: Mapped[int] = mapped_column(BigInteger, default=0)
    # How much refunds of this lot's order have clawed back so far, wherever it was taken
    # from (this lot, the promoter's other available points, or debt): refunds are proportional
    # to the cumulative refunded amount, so partial refunds never round twice. Limits, budgets
    # and tiers count `amount - refund_clawed`, what the award really came to; `clawed_back`
    # also holds debt repaid from this lot and points taken for other orders' refunds.
    refund_clawed: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(10))
    matures_at: Mapped[datetime] = mapped_column(UTCDateTime)
    available_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    beneficiary: Mapped[str] = mapped_column(String(10))
    cause_type: Mapped[str] = mapped_column(String(16))
    cause_id: Mapped[str] = mapped_column(String(40))
    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id"))
    rule_id: Mapped[str | None] = mapped_column(String(40))
    rule_version: Mapped[int | None] = mapped_column(Integer)
    earn_transaction_id: Mapped[str] = mapped_column(ForeignKey("ledger_transactions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
