"""The daily job: members' birthdays and anniversaries, awarded once per member and year.

A member's day is the merchant's calendar day (their `timezone`, UTC unless set): a birthday
"03-14" is celebrated from midnight on March 14 where the shop is. February 29 birthdays and
joinings are celebrated on February 28 in a year without one. An anniversary is a whole number
of years since the member joined (their row's `created_at` on the merchant's calendar).

Once per member and year: the celebration is an `occasions` row, unique per (member, kind,
year), inserted ON CONFLICT DO NOTHING before anything is earned, and it is the cause the awards
name. A second run finds it and skips the member; two workers at once wait on the one row's
index, and the second finds it taken. A blocked member's day is still recorded: the rules' guard
pays them nothing (rewards/earning/standing.py), and unblocking later does not pay it after.

Each member is one unit of work (the worker commits after each): their awards lock their own
accounts and one merchant account, and holding those while locking the next member's could
deadlock with an order of that member.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, exists, false, or_, select
from sqlalchemy.orm import Session

from core.db import insert_unless_exists
from core.ids import new_id
from core.merchants.models import Merchant
from referrals.members.birthdays import birthdays_on
from referrals.members.events import ANNIVERSARY, BIRTHDAY
from referrals.members.models import Occasion
from referrals.promoters import rewarding
from referrals.promoters.models import Promoter
from rewards.events import RewardEvent
from rewards.program import rule_definitions

_KIND_BY_TRIGGER = {BIRTHDAY: "birthday", ANNIVERSARY: "anniversary"}


def celebrate_next(session: Session, *, now: datetime) -> bool:
    """Celebrate one member whose birthday or anniversary is today and not yet celebrated this
    year; False when there is none (the worker commits after each True)."""
    listening = rule_definitions.listening(session, triggers=tuple(_KIND_BY_TRIGGER))
    for merchant_id, trigger in listening:
        merchant = session.get_one(Merchant, merchant_id)
        today = now.astimezone(ZoneInfo(merchant.timezone)).date()
        kind = _KIND_BY_TRIGGER[trigger]
        due = session.scalars(
            select(Promoter).where(
                Promoter.merchant_id == merchant_id, Promoter.erased_at.is_(None),
                _due(kind, merchant, today),
                ~exists().where(Occasion.promoter_id == Promoter.id, Occasion.kind == kind,
                                Occasion.year == today.year))
            .order_by(Promoter.id).limit(1)).first()
        if due is not None:
            celebrate(session, promoter=due, kind=kind, today=today, now=now)
            return True
    return False


def celebrate(session: Session, *, promoter: Promoter, kind: str, today: date,
              now: datetime) -> bool:
    """Record the member's `kind` of `today.year` and earn what its rules award; False (nothing
    earned) when it was already recorded, by an earlier run or a worker alongside."""
    occasion = Occasion(id=new_id("occ"), merchant_id=promoter.merchant_id,
                        promoter_id=promoter.id, kind=kind, year=today.year, created_at=now)
    if not insert_unless_exists(session, occasion):
        return False
    trigger = BIRTHDAY if kind == "birthday" else ANNIVERSARY
    zone = ZoneInfo(session.get_one(Merchant, promoter.merchant_id).timezone)
    rewarding.reward(session, event=RewardEvent(
        trigger=trigger, merchant_id=promoter.merchant_id, occurred_at=now,
        cause_type="occasion", cause_id=occasion.id, customer_id=promoter.id,
        years=_years_since(promoter, today, zone) if kind == "anniversary" else None), now=now)
    return True


def _due(kind: str, merchant: Merchant, today: date) -> ColumnElement[bool]:
    """Whose `kind` falls on the merchant's `today`."""
    if kind == "birthday":
        return Promoter.birthday.in_(birthdays_on(today))
    zone = ZoneInfo(merchant.timezone)
    first_year = merchant.created_at.astimezone(zone).year
    days = []
    for years in range(1, today.year - first_year + 1):
        days += _joining_days(today, years)
    if not days:
        return false()
    return or_(*(and_(Promoter.created_at >= _midnight(day, zone),
                      Promoter.created_at < _midnight(day + timedelta(days=1), zone))
                 for day in days))


def _joining_days(today: date, years: int) -> list[date]:
    """The days a member who joined `years` before `today` joined on: the same month and day,
    and February 29 too when today stands in for it."""
    year = today.year - years
    days = []
    for month_day in birthdays_on(today):
        month, day = (int(part) for part in month_day.split("-"))
        try:
            days.append(date(year, month, day))
        except ValueError:  # February 29 of a year without one: nobody joined then
            continue
    return days


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone)


def _years_since(promoter: Promoter, today: date, zone: ZoneInfo) -> int:
    return today.year - promoter.created_at.astimezone(zone).year
