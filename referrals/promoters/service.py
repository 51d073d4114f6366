"""Enrolling, finding and blocking promoters."""

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.events import emit
from core.ids import new_id
from core.pagination import page
from referrals.errors import CodeTaken, PromoterErased, PromoterNotFound
from referrals.members import events as member_events
from referrals.members.birthdays import check_birthday
from referrals.promoters import codes, rewarding
from referrals.promoters.models import Promoter
from referrals.stripe.models import StripePromotionCode
from rewards.events import RewardEvent

CODE_ATTEMPTS = 8
ERASED = "erased"


def enroll_promoter(
    session: Session,
    *,
    merchant_id: str,
    now: datetime,
    external_id: str | None = None,
    email: str | None = None,
    name: str | None = None,
    code: str | None = None,
    lock: bool = False,
) -> tuple[Promoter, bool]:
    """The promoter for `external_id`, created if new; returns (promoter, created). `lock`:
    an existing promoter's row is locked FOR NO KEY UPDATE (a new one is this transaction's
    alone): rows that refer to the promoter can still be inserted meanwhile."""
    if external_id is not None:
        existing = _by_external_id(session, merchant_id, external_id, lock=lock)
        if existing is not None:
            return existing, False
    wanted = codes.vanity_code(code) if code else None
    for _ in range(CODE_ATTEMPTS):
        promoter = Promoter(**_new_promoter(merchant_id, external_id, email, name, wanted, now))
        try:
            with session.begin_nested():
                session.add(promoter)
        except IntegrityError:
            # Either a concurrent enrollment of the same external id won, or the code is taken.
            if external_id is not None:
                existing = _by_external_id(session, merchant_id, external_id, lock=lock)
                if existing is not None:
                    return existing, False
            if wanted:
                raise CodeTaken(f"The code {wanted!r} is already taken.", param="code") from None
            continue
        emit(session, merchant_id=merchant_id, type="promoter.created", now=now,
             data=_created(promoter.id, promoter.external_id, promoter.code))
        return promoter, True
    raise RuntimeError("could not find a free referral code")  # 31^4 per name prefix


def _new_promoter(merchant_id: str, external_id: str | None, email: str | None,
                  name: str | None, code: str | None, now: datetime) -> dict[str, Any]:
    """A new promoter's columns, with `code` or a generated one."""
    code = code or codes.generated_code(name)
    return {"id": new_id("pro"), "merchant_id": merchant_id, "external_id": external_id,
            "email": email.strip().lower() if email else None,
            "name": name.strip() if name else None, "code": code,
            "code_key": codes.code_key(code), "status": "active", "created_at": now}


def _created(promoter_id: str, external_id: str | None, code: str) -> dict[str, Any]:
    """The promoter.created event's data."""
    return {"promoter": promoter_id, "external_id": external_id, "code": code}


def join_program(
    session: Session,
    *,
    merchant_id: str,
    now: datetime,
    external_id: str | None = None,
    email: str | None = None,
    name: str | None = None,
    code: str | None = None,
    birthday: str | None = None,
) -> tuple[Promoter, bool]:
    """Enrol someone who asked to join (the API, the widget): a new promoter earns under the
    promoter.enrolled rules. Buyers and friends enrolled on the way earn no joining bonus, but
    every new member earns the member.joined welcome (referrals/members/), here with it.
    `birthday` ("MM-DD") is kept for a new member; an existing one changes it with PATCH."""
    birthday = check_birthday(birthday)
    promoter, created = enroll_promoter(session, merchant_id=merchant_id, now=now,
                                        external_id=external_id, email=email, name=name,
                                        code=code)
    if created:
        promoter.birthday = birthday
        rewarding.reward(
            session,
            event=RewardEvent(trigger="promoter.enrolled", merchant_id=merchant_id,
                              occurred_at=now, cause_type="promoter", cause_id=promoter.id,
                              referrer_id=promoter.id),
            now=now,
            also=(member_events.joined(merchant_id=merchant_id, promoter_id=promoter.id,
                                       now=now),),
        )
    return promoter, created


def get_promoter(session: Session, *, merchant_id: str, promoter_id: str) -> Promoter:
    """A promoter of this merchant; another merchant's promoter is simply not found."""
    promoter = session.get(Promoter, promoter_id)
    if promoter is None or promoter.merchant_id != merchant_id:
        raise PromoterNotFound(f"No such promoter: {promoter_id!r}", param="id")
    return promoter


def list_promoters(
    session: Session,
    *,
    merchant_id: str,
    limit: int,
    starting_after: str | None = None, ending_before: str | None = None,
    email: str | None = None,
    external_id: str | None = None,
    code: str | None = None,
) -> tuple[list[Promoter], bool]:
    statement = select(Promoter).where(Promoter.merchant_id == merchant_id)
    if email is not None:
        statement = statement.where(Promoter.email == email.strip().lower())
    if external_id is not None:
        statement = statement.where(Promoter.external_id == external_id)
    if code is not None:
        statement = statement.where(Promoter.code_key == codes.code_key(code))
    return page(
        session,
        statement,
        id_column=Promoter.id,
        prefix="pro",
        limit=limit,
        starting_after=starting_after, ending_before=ending_before,
    )


def _by_external_id(session: Session, merchant_id: str, external_id: str, *,
                    lock: bool = False) -> Promoter | None:
    statement = select(Promoter).where(
        Promoter.merchant_id == merchant_id, Promoter.external_id == external_id
    )
    if lock:
        statement = statement.with_for_update(key_share=True)
    return session.scalars(statement).one_or_none()


def remember_browser(session: Session, *, promoter: Promoter, visitor_id: str) -> None:
    """The browser the promoter was last seen in (their portal): a friend's click from it is the
    promoter referring themselves (the self_referral_browser check)."""
    if promoter.visitor_id != visitor_id:
        promoter.visitor_id = visitor_id
        session.flush()


def set_blocked(
    session: Session, *, merchant_id: str, promoter_id: str, blocked: bool
) -> Promoter:
    """Block a promoter (their links stop attributing, new referrals are rejected) or undo it."""
    promoter = get_promoter(session, merchant_id=merchant_id, promoter_id=promoter_id)
    lock_standing(session, promoter)
    if promoter.erased_at is not None:
        raise PromoterErased("An erased promoter stays blocked.", param="id")
    promoter.status = "blocked" if blocked else "active"
    friend_code_follows(session, promoter, active=not blocked)
    session.flush()
    return promoter


def lock_standing(session: Session, promoter: Promoter) -> None:
    """The promoter's row FOR UPDATE, re-read: the earnings and redemptions that read them as
    active (FOR KEY SHARE, rewards/earning/standing.py) commit first, and later ones see the
    change."""
    session.scalars(select(Promoter).where(Promoter.id == promoter.id).with_for_update()
                    .execution_options(populate_existing=True)).one()


def friend_code_follows(session: Session, promoter: Promoter, *, active: bool) -> None:
    """Their Stripe promotion code should discount only while they may earn from it: marked
    here, with the block, and set in Stripe after the commit
    (referrals.stripe.friend_codes.follow_standing)."""
    session.execute(
        update(StripePromotionCode)
        .where(StripePromotionCode.promoter_id == promoter.id,
               StripePromotionCode.active.is_not(active))
        .values(active=active, state_version=StripePromotionCode.state_version + 1)
    )
