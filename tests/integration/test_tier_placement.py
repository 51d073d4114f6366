"""Tiers placed at once, in set-based statements: a new tier places every promoter who
qualifies, and the daily job settles thousands of promoters in a handful of statements."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from api.cli.seed import seed_merchant
from core.db import db
from core.events.models import Event
from referrals.signups.models import Referral
from rewards.program import tiers
from rewards.program.models import PromoterTier

PROMOTERS = 3000


@contextmanager
def counted_statements():
    """Every statement sent to the database meanwhile (executemany counts as one)."""
    sent: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def busy_merchant(app, clock):
    """3,000 promoters and 9,000 referrals over 30 days, a few promoters bringing most."""
    with app.app_context():
        made = seed_merchant(
            db.session, name="Tier Shop", shop_url="https://shop.tiers.example/",
            promoters=PROMOTERS, clicks=20_000, shares=0, referrals=9_000, orders=0, days=30,
            now=clock.now(),
        )
        db.session.commit()
        yield made.merchant_id
        db.session.rollback()


def approved_counts(merchant_id: str) -> dict[str, int]:
    return dict(db.session.execute(
        select(Referral.promoter_id, func.count()).where(
            Referral.merchant_id == merchant_id, Referral.status == "approved")
        .group_by(Referral.promoter_id)).all())


def placed(merchant_id: str) -> dict[str, str]:
    return dict(db.session.execute(select(PromoterTier.promoter_id, PromoterTier.tier_id)
                                   .where(PromoterTier.merchant_id == merchant_id)).all())


def assert_set_based(sent: list[str], *, placed: int) -> None:
    shown = "\n".join(statement[:90] for statement in sent)
    touching = [statement for statement in sent if "promoter_tiers" in statement]
    assert len(touching) <= 3, shown  # lock and read the tier rows, settle them, place the rest
    events = [statement for statement in sent if statement.startswith("INSERT INTO events")]
    assert len(events) == -(-placed // 1000), shown
    assert len(sent) <= 14 + len(events), shown


def test_new_tiers_place_thousands_at_once_and_the_daily_job_demotes_them_in_sets(
        app, clock, busy_merchant, on_postgres):
    merchant_id = busy_merchant
    counts = approved_counts(merchant_id)
    with counted_statements() as sent:
        silver, silver_moves = tiers.create_tier(
            db.session, merchant_id=merchant_id, now=clock.now(), name="Silver",
            metric="approved_referrals", threshold=2, window_days=30, multiplier=12_500)
    qualified = {promoter for promoter, count in counts.items() if count >= 2}
    assert len(qualified) > 1000  # thousands of promoters, enough to tell sets from loops
    assert placed(merchant_id) == dict.fromkeys(qualified, silver.id)
    assert {change.promoter_id for change in silver_moves} == qualified
    # Create the tier (6 statements with its checks), lock the ladder and the tier rows, place
    # with one INSERT ... SELECT, the events in multi-row INSERTs of 1,000: not one per promoter.
    assert_set_based(sent, placed=len(qualified))
    inserts = [statement for statement in sent if "INSERT INTO promoter_tiers" in statement]
    assert len(inserts) == 1 and "SELECT" in inserts[0]

    with counted_statements() as sent:
        gold, gold_moves = tiers.create_tier(
            db.session, merchant_id=merchant_id, now=clock.now(), name="Gold",
            metric="approved_referrals", threshold=6, window_days=30, multiplier=15_000)
    gold_ones = {promoter for promoter, count in counts.items() if count >= 6}
    assert {change.promoter_id for change in gold_moves} == gold_ones
    assert placed(merchant_id) == {**dict.fromkeys(qualified, silver.id),
                                   **dict.fromkeys(gold_ones, gold.id)}
    assert_set_based(sent, placed=len(gold_ones))
    db.session.commit()
    events = db.session.scalar(select(func.count()).select_from(Event).where(
        Event.merchant_id == merchant_id, Event.type == "tier.changed"))
    assert events == len(qualified) + len(gold_ones)

    # 31 days on, every referral has left the 30-day window: all start their grace period,
    # and 30 days after that the daily job demotes them all.
    for days, expected in ((31, "grace_started"), (31, "demoted")):
        clock.advance(days=days)
        with counted_statements() as sent:
            changes, after = [], None
            while True:
                batch, after = tiers.demote_tiers(db.session, now=clock.now(), after=after)
                changes += batch
                db.session.commit()
                if after is None:
                    break
        assert {change.change for change in changes} == {expected}
        assert {change.promoter_id for change in changes} == qualified
        # A batch of up to 2,000 rows costs a few statements per merchant: about ten a
        # batch for these 2 batches, where the per-promoter loop sent thousands.
        assert len(sent) <= 30, sent
    assert placed(merchant_id) == {}
