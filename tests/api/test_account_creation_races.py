"""Postings that create ledger accounts while others lock them never deadlock (PostgreSQL).

A new merchant and a new promoter have no ledger accounts yet: their first postings create them
(the merchant-side shards, each promoter's pending account) while concurrent postings lock the
ones already there. A posting that held an account while it waited for another's creation of
one answered 503 when that other then needed the account it held."""

import threading
import time

from sqlalchemy.orm import Session

from core.db import db
from rewards.ledger import service as ledger
from tests.support.orders import balance
from tests.support.referrals import enroll
from tests.support.rewards import create_rule
from tests.threads import join_all

FRIENDS = 20
REFERRAL_BONUS = 500
FRIEND_BONUS = 300


def test_twenty_approved_signups_at_once_for_a_new_referrer_all_pay(app, client, make_merchant,
                                                                   on_postgres):
    """A double-sided offer on a new merchant; 20 friends of one promoter, who has earned
    nothing yet, sign up at once, each with their own mailbox, velocity off. Each signup
    creates the friend's account and may create the referrer's and a merchant shard."""
    merchant = make_merchant("New shop")
    create_rule(client, merchant, name="Give", beneficiary="referrer",
                reward={"type": "fixed_points", "value": REFERRAL_BONUS})
    create_rule(client, merchant, name="Get", beneficiary="referee",
                reward={"type": "fixed_points", "value": FRIEND_BONUS})
    # The risk score out of reach too: 20 code-only friend0..19@ signups are a farm's pattern.
    assert client.patch("/v1/fraud_settings", json={
        "velocity": "off", "review_score": 1000, "reject_score": 1000},
        headers=merchant.headers()).status_code == 200
    ana = enroll(client, merchant)
    barrier = threading.Barrier(FRIENDS)
    answers = [None] * FRIENDS

    def sign_up(slot: int) -> None:
        local = app.test_client()
        barrier.wait()
        answers[slot] = local.post("/v1/referrals", headers=merchant.headers(), json={
            "referee_external_id": f"cus_{slot}", "referee_email": f"friend{slot}@example.com",
            "code": ana["code"]})

    threads = [threading.Thread(target=sign_up, args=(slot,)) for slot in range(FRIENDS)]
    for thread in threads:
        thread.start()
    join_all(threads, timeout=60)
    assert [(answer.status_code, answer.get_json().get("status")) for answer in answers] == [
        (201, "approved")] * FRIENDS
    assert balance(client, merchant, ana["id"])["pending"] == FRIENDS * REFERRAL_BONUS


def test_a_posting_waiting_for_a_new_account_holds_none(app, merchant, on_postgres):
    """A posting to X (there) and Y (being created by another transaction, C) waits for Y.
    C then needs X, as a posting does whose X appeared while it was creating Y. Had the
    posting locked X before waiting, each would wait for the other and one would fail."""
    x, y = ("pro_x", "pending", "points"), ("pro_y", "pending", "points")
    with app.app_context():
        engine = db.engine
    with Session(engine) as setup:
        ledger.lock_accounts(setup, merchant_id=merchant.id, keys={x})
        setup.commit()
    creator = Session(engine)
    ledger.lock_accounts(creator, merchant_id=merchant.id, keys={y})  # Y, not committed yet
    outcome = {}

    def post() -> None:
        with Session(engine) as session:
            try:
                ledger.lock_accounts(session, merchant_id=merchant.id, keys={x, y})
                session.commit()
                outcome["poster"] = "ok"
            except Exception as exc:  # a deadlock: the user's 503
                outcome["poster"] = type(exc).__name__

    poster = threading.Thread(target=post)
    poster.start()
    time.sleep(1.0)  # the poster waits for Y now
    try:
        ledger.lock_accounts(creator, merchant_id=merchant.id, keys={x})
        creator.commit()
        outcome["creator"] = "ok"
    except Exception as exc:
        outcome["creator"] = type(exc).__name__
    finally:
        creator.close()
    join_all([poster], timeout=30)
    assert outcome == {"poster": "ok", "creator": "ok"}
