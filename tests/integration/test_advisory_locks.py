"""core.advisory_locks: a key's lock is held to the end of the transaction, other keys are free,
and two transactions asking for overlapping keys in opposite orders both go through."""

import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from core.advisory_locks import key_number, lock_keys
from core.db import db
from tests.threads import join_all


@pytest.fixture
def engine(app, on_postgres):
    with app.app_context():
        yield db.engine


def test_a_key_stays_locked_until_the_transaction_ends_and_other_keys_are_free(engine):
    with Session(engine) as holder, Session(engine) as other:
        lock_keys(holder, ["referral-mailbox:mer_1:bob@gmail.com"])
        other.execute(text("SET LOCAL lock_timeout = '200ms'"))
        lock_keys(other, ["referral-mailbox:mer_1:ann@gmail.com"])  # another key: no wait
        with pytest.raises(OperationalError, match="lock timeout"):
            lock_keys(other, ["referral-mailbox:mer_1:bob@gmail.com"])
        other.rollback()
        holder.commit()
        lock_keys(other, ["referral-mailbox:mer_1:bob@gmail.com"])  # free once committed
        other.rollback()


def test_overlapping_keys_asked_in_opposite_orders_do_not_deadlock(engine):
    """B asks for (low, high) and A for (high, low) while a third transaction holds low, B
    queued first. Taken in the order asked, A would hold high and wait for low, which B gets
    next and keeps while waiting for high: PostgreSQL would kill one as a deadlock."""
    low, high = sorted(["referral-promoter:pro_a", "referral-network:mer_1:ip"], key=key_number)
    holder = Session(engine)
    lock_keys(holder, [low])
    outcomes = {}

    def take(name: str, keys: list[str]) -> None:
        with Session(engine) as session:
            try:
                lock_keys(session, keys)
                time.sleep(0.2)  # hold both while the other one waits
                session.commit()
                outcomes[name] = "ok"
            except Exception as exc:
                outcomes[name] = type(getattr(exc, "orig", exc)).__name__

    b = threading.Thread(target=take, args=("b", [low, high]))
    a = threading.Thread(target=take, args=("a", [high, low]))
    b.start()
    time.sleep(0.3)  # B waits for low first, so it is next in line for it
    a.start()
    time.sleep(0.3)
    holder.rollback()
    holder.close()
    join_all((a, b), timeout=30)
    assert outcomes == {"a": "ok", "b": "ok"}

