"""Shared steps for the rules and tiers tests: create rules, evaluate events, earn rewards."""

import time

from sqlalchemy import func, select, text

from core.db import db
from rewards.earning.service import grant
from rewards.events import Award, RewardEvent
from rewards.ledger.models import LedgerTransaction, Reward
from rewards.program import rules
from rewards.program.models import PromoterTier, Rule, RuleVersion, Tier

FRIEND_BONUS = {
    "name": "Friend bonus",
    "trigger": "referral.approved",
    "beneficiary": "referrer",
    "reward": {"type": "fixed_points", "value": 100},
}


def create_rule(client, merchant, **fields) -> dict:
    response = client.post("/v1/rules", json={**FRIEND_BONUS, **fields},
                           headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def order_rule(client, merchant, **fields) -> dict:
    fields.setdefault("trigger", "order.paid")
    return create_rule(client, merchant, **fields)


def evaluate(app, merchant_id: str, *, trigger: str = "order.paid", **fields):
    """The verdicts of the merchant's rules on an event happening now."""
    with app.app_context():
        now = app.extensions["goodword_clock"].now()
        fields.setdefault("cause_type", "order")
        fields.setdefault("cause_id", "ord_test")
        if trigger == "order.paid":
            fields.setdefault("order_amount", 5000)
            fields.setdefault("currency", "USD")
            fields.setdefault("first_order", True)
        event = RewardEvent(trigger=trigger, merchant_id=merchant_id, occurred_at=now, **fields)
        verdicts = rules.evaluate(db.session, event=event, now=now)
        db.session.rollback()
        return verdicts


def earn(app, merchant_id: str, award: Award, cause_id: str) -> str:
    """Post an award the way the lead's callers do, committed; returns the reward id."""
    assert isinstance(award, Award), award
    with app.app_context():
        reward = grant(
            db.session, merchant_id=merchant_id, award=award, cause_type="order",
            cause_id=cause_id, now=app.extensions["goodword_clock"].now(),
        )
        db.session.commit()
        return reward.id


def claw_back(app, reward_id: str, amount: int) -> None:
    """Mark part of a lot clawed back by a refund of its own order, as a refund would."""
    with app.app_context():
        reward = db.session.get(Reward, reward_id)
        reward.pending -= amount
        reward.clawed_back += amount
        reward.refund_clawed += amount
        db.session.commit()


def row_counts(app) -> dict:
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Rule, RuleVersion, Tier, PromoterTier, Reward, LedgerTransaction)
        }


def until_it_waits_for_a_lock(thread, timeout: float = 10, *, waiters: int = 1) -> None:
    """Until `waiters` sessions of this database wait for a lock (the thread's, or the threads'
    the test started), the thread has finished, or `timeout` passes. A fresh connection each
    time: pg_stat_activity is read once per transaction."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and thread.is_alive():
        with db.engine.connect() as probe:
            if probe.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND datname = current_database()")) >= waiters:
                return
        time.sleep(0.05)
