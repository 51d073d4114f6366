"""Rolled-up days give the funnel the raw rows give, before and after a review decision."""

import secrets
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from api.cli.seed import seed_merchant
from core.db import db
from referrals.journey import rollup as journey_rollup
from referrals.journey import sketches, stats, trends
from referrals.journey.models import JourneyRollup
from referrals.signups import service as signups
from referrals.signups.models import Referral
from tests.threads import join_all


@pytest.fixture
def seeded(app, clock):
    """A merchant with a month of activity: 700 clicks, 60 referrals, 40 orders, 35 shares."""
    with app.app_context():
        made = seed_merchant(
            db.session, name="Rollup Shop", shop_url="https://shop.rollup.example/",
            promoters=12, clicks=700, shares=35, referrals=60, orders=40, days=30,
            now=clock.now(),
        )
        db.session.commit()
        yield made.merchant_id
        db.session.rollback()


def ranges(now):
    today = journey_rollup.midnight(now.date())
    return [
        (now - timedelta(days=30), now),  # the dashboard's default: partial first day, today
        (today - timedelta(days=20), today - timedelta(days=3)),  # whole days only
        (now - timedelta(days=10, hours=5), now - timedelta(days=2, hours=-3)),  # partial both
        (today - timedelta(hours=30), now),  # less than a whole rolled day
    ]


def funnel(merchant_id, since, until):
    return (
        stats.journey_counts(db.session, merchant_id=merchant_id, since=since, until=until),
        trends.daily(db.session, merchant_id=merchant_id, since=since, until=until),
        trends.virality(db.session, merchant_id=merchant_id, since=since, until=until),
    )


def roll_up(now) -> int:
    days = 0
    while rolled := journey_rollup.roll_up(db.session, now=now):
        days += rolled
        db.session.commit()
    return days


def raw_funnels(merchant_id, now):
    """What the rows alone say: the rollup mark removed in a savepoint, then put back."""
    with db.session.begin_nested() as savepoint:
        db.session.execute(delete(JourneyRollup))
        answers = [funnel(merchant_id, since, until) for since, until in ranges(now)]
        savepoint.rollback()
    return answers


def test_rolled_up_days_give_the_funnel_the_rows_give(app, clock, seeded):
    now = clock.now()
    before = [funnel(seeded, since, until) for since, until in ranges(now)]

    assert roll_up(now) >= 28  # the 29 days before today, yesterday once an hour is over
    assert journey_rollup.split(db.session, merchant_id=seeded, since=now - timedelta(days=30),
                                until=now).rolled is not None
    after = [funnel(seeded, since, until) for since, until in ranges(now)]
    assert after == before
    assert before[0][0].clicks + before[0][0].invalid_clicks == 700
    assert before[0][0].signups == 60 and before[0][0].shares == 35


def test_only_days_over_for_an_hour_are_rolled_up(app, clock, seeded):
    clock.set(journey_rollup.midnight(clock.now().date()) + timedelta(minutes=30))
    roll_up(clock.now())
    through = db.session.scalar(select(JourneyRollup.through))
    # Yesterday ended 30 minutes ago: a late click of yesterday's may still be on its way.
    assert journey_rollup.as_date(through) == clock.now().date() - timedelta(days=1)
    assert roll_up(clock.now()) == 0
    clock.advance(hours=1)
    assert roll_up(clock.now()) == 1


def test_a_review_decision_after_the_roll_up_moves_its_referral_in_the_rollup(
    app, clock, seeded
):
    now = clock.now()
    roll_up(now)
    held = db.session.scalars(
        select(Referral).where(Referral.status == "pending_review").order_by(Referral.created_at)
    ).all()
    assert held[0].created_at.date() < now.date() - timedelta(days=3)
    for referral, approve in ((held[0], True), (held[1], False)):
        signups.decide(db.session, merchant_id=seeded, referral_id=referral.id,
                       approve=approve, decided_by="usr_test", now=now)
    db.session.commit()

    rolled = [funnel(seeded, since, until) for since, until in ranges(now)]
    assert rolled == raw_funnels(seeded, now)
    assert rolled[0][0].referrals_by_status == {"approved": 52, "pending_review": 4,
                                                "rejected": 4}


def test_many_visitors_are_estimated_from_day_sketches(app, clock, seeded, monkeypatch):
    now = clock.now()
    exact = stats.journey_counts(db.session, merchant_id=seeded, since=now - timedelta(days=30),
                                 until=now).unique_visitors
    roll_up(now)
    monkeypatch.setattr(journey_rollup, "EXACT_VISITORS", 0)
    estimated = stats.journey_counts(db.session, merchant_id=seeded,
                                     since=now - timedelta(days=30), until=now).unique_visitors
    assert abs(estimated - exact) <= max(3, exact * 0.05)


def test_a_sketch_counts_distinct_visitors_within_a_few_percent():
    visitors = [secrets.token_urlsafe(18) for _ in range(60_000)]
    first = sketches.add(sketches.empty(), visitors[:40_000])
    second = sketches.add(sketches.empty(), visitors[20_000:])  # 20,000 in both
    assert abs(sketches.estimate(first) - 40_000) < 40_000 * 0.05
    union = sketches.merged([bytes(first), bytes(second)])
    assert abs(sketches.estimate(union) - 60_000) < 60_000 * 0.05
    assert sketches.estimate(sketches.add(sketches.empty(), ["a", "b", "c", "a"])) == 3


def test_a_decision_during_a_roll_up_waits_for_it_and_is_counted_once(
    app, clock, seeded, on_postgres
):
    now = clock.now()
    assert journey_rollup.roll_up(db.session, now=now) == 1  # the mark, days to follow
    db.session.commit()
    held = db.session.scalars(select(Referral.id).where(Referral.status == "pending_review")
                              .order_by(Referral.created_at)).first()
    rolling, decided = threading.Event(), threading.Event()

    def roll_up_slowly():
        with app.app_context():
            journey_rollup.roll_up(db.session, now=now)  # reads the referral as pending
            rolling.set()
            time.sleep(1.0)
            db.session.commit()

    def decide():
        rolling.wait()
        with app.app_context():
            signups.decide(db.session, merchant_id=seeded, referral_id=held, approve=True,
                           decided_by="usr_test", now=now)
            db.session.commit()
            decided.set()

    threads = [threading.Thread(target=roll_up_slowly), threading.Thread(target=decide)]
    for thread in threads:
        thread.start()
    rolling.wait(10)
    assert not decided.wait(0.5), "the decision waits for the roll-up in progress"
    join_all(threads, 20)
    assert decided.is_set()
    roll_up(now)
    db.session.expire_all()
    rolled = [funnel(seeded, since, until) for since, until in ranges(now)]
    assert rolled == raw_funnels(seeded, now)
