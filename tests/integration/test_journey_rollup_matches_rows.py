"""Property check of the journey rollup: for random data with rows on day boundaries, random
ranges (whole days, mid-day ends, today, other UTC offsets) and late changes to closed days, the
funnel, the daily trend and virality read through the rollup equal what the rows alone say."""

import random
from datetime import UTC, timedelta, timezone

import pytest
from sqlalchemy import delete, select, update

from api.cli.seed import seed_merchant
from core.db import db
from referrals.clicks.models import Click
from referrals.journey import rollup as journey_rollup
from referrals.journey import stats, trends
from referrals.journey.models import JourneyRollup
from referrals.privacy import erasure
from referrals.promoters.models import Promoter
from referrals.shares.models import Share
from referrals.signups import service as signups
from referrals.signups.models import Referral
from rewards.orders.models import Order


def _funnel(merchant_id, since, until):
    journey = stats.journey(db.session, merchant_id=merchant_id, now=until, start=since,
                            end=until)
    return (
        journey.counts,
        trends.daily(db.session, merchant_id=merchant_id, since=since, until=until,
                     parts=journey.parts),
        trends.virality(db.session, merchant_id=merchant_id, since=since, until=until,
                        parts=journey.parts),
    )


def _from_rows(merchant_id, since, until):
    with db.session.begin_nested() as savepoint:
        db.session.execute(delete(JourneyRollup))
        answer = _funnel(merchant_id, since, until)
        savepoint.rollback()
    return answer


def _roll_up(now):
    while journey_rollup.roll_up(db.session, now=now):
        db.session.commit()


def _on_boundaries(rng, model, merchant_id, now):
    """Move a third of a table's rows onto a UTC midnight, a microsecond either side."""
    ids = db.session.scalars(select(model.id).where(model.merchant_id == merchant_id)).all()
    today = journey_rollup.midnight(now.date())
    for row_id in rng.sample(ids, len(ids) // 3):
        when = today - timedelta(days=rng.randrange(0, 12)) \
            + rng.choice((timedelta(), timedelta(microseconds=-1), timedelta(microseconds=1)))
        if when < now:
            db.session.execute(update(model).where(model.id == row_id).values(created_at=when))


def _ranges(rng, now):
    today = journey_rollup.midnight(now.date())
    points = [now, today, today + timedelta(microseconds=1), today - timedelta(microseconds=1)]
    for _ in range(8):
        day = today - timedelta(days=rng.randrange(1, 13))
        points += [day, day + timedelta(seconds=rng.randrange(1, 86400)),
                   day - timedelta(microseconds=1)]
    ranges = [(now - timedelta(days=30), now)]
    while len(ranges) < 12:
        since, until = sorted(rng.sample(points, 2))
        if since < until:
            zone = rng.choice((UTC, timezone(timedelta(hours=5)), timezone(timedelta(hours=-8))))
            ranges.append((since.astimezone(zone), until.astimezone(zone)))
    return ranges


def _check(merchant_id, ranges):
    for since, until in ranges:
        assert _funnel(merchant_id, since, until) == _from_rows(merchant_id, since, until), (
            since, until)


@pytest.mark.parametrize("seed", range(4))
def test_the_rollup_answers_what_the_rows_say(app, clock, monkeypatch, seed):
    with app.app_context():
        _property(clock, monkeypatch, seed)


def _property(clock, monkeypatch, seed):
    rng = random.Random(seed)
    monkeypatch.setattr(journey_rollup, "DAYS_PER_CALL", rng.choice((2, 5, 31)))
    clock.set(clock.now().replace(hour=rng.choice((0, 1, 13, 23)), minute=rng.randrange(60)))
    now = clock.now()
    made = seed_merchant(db.session, name="Property Shop", shop_url="https://p.example/",
                         promoters=6, clicks=300, shares=30, referrals=40, orders=25, days=12,
                         now=now)
    merchant_id = made.merchant_id
    for model in (Click, Share, Referral, Order):
        _on_boundaries(rng, model, merchant_id, now)
    db.session.commit()
    ranges = _ranges(rng, now)

    # Part way: the first calls roll up a few days only (the mark in the middle of ranges).
    for _ in range(2):
        journey_rollup.roll_up(db.session, now=now)
        db.session.commit()
    _check(merchant_id, ranges[:6])

    _roll_up(now)
    assert db.session.scalar(select(JourneyRollup.through)) is not None
    _check(merchant_id, ranges)

    # Late changes to closed days: review decisions, and a promoter's erasure.
    for referral in db.session.scalars(select(Referral).where(
            Referral.merchant_id == merchant_id, Referral.status == "pending_review")):
        signups.decide(db.session, merchant_id=merchant_id, referral_id=referral.id,
                       approve=rng.random() < 0.5, decided_by="usr_test", now=now)
    promoter = rng.choice(db.session.scalars(select(Promoter.id).where(
        Promoter.merchant_id == merchant_id)).all())
    erasure.erase_promoter(db.session, merchant_id=merchant_id, promoter_id=promoter, now=now)
    db.session.commit()
    _check(merchant_id, ranges)

    # A day later, today is closed too and rolled up on top of the earlier days.
    clock.advance(days=1, hours=2)
    _roll_up(clock.now())
    _check(merchant_id, ranges)
