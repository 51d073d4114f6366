"""Enrolling and finding promoters."""

import re
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import String, cast, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.events import emit
from core.events.models import Event
from core.ids import new_id
from core.pagination import page
from referrals import codes, rewarding
from referrals.errors import CodeTaken, PromoterErased, PromoterNotFound
from referrals.evidence_models import PromoterEvidence
from referrals.models import Click, Promoter, Referral
from referrals.stripe_models import StripePromotionCode, StripeSubscription
from referrals.widget_models import WidgetFeedback, WidgetSession
from rewards.events import RewardEvent
from rewards.models import Order

_CODE_ATTEMPTS = 8
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
    for _ in range(_CODE_ATTEMPTS):
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
                  name: str | None, code: str | None, now: datetime) -> dict:
    """A new promoter's columns, with `code` or a generated one."""
    code = code or codes.generated_code(name)
    return {"id": new_id("pro"), "merchant_id": merchant_id, "external_id": external_id,
            "email": email.strip().lower() if email else None,
            "name": name.strip() if name else None, "code": code,
            "code_key": codes.code_key(code), "status": "active", "created_at": now}


def _created(promoter_id: str, external_id: str | None, code: str) -> dict:
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
) -> tuple[Promoter, bool]:
    """Enrol someone who asked to join (the API, the widget): a new promoter earns under the
    promoter.enrolled rules. Buyers and friends enrolled on the way earn no joining bonus."""
    promoter, created = enroll_promoter(session, merchant_id=merchant_id, now=now,
                                        external_id=external_id, email=email, name=name,
                                        code=code)
    if created:
        rewarding.reward(
            session,
            event=RewardEvent(trigger="promoter.enrolled", merchant_id=merchant_id,
                              occurred_at=now, cause_type="promoter", cause_id=promoter.id,
                              referrer_id=promoter.id),
            now=now,
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
    starting_after: str | None = None,
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
        starting_after=starting_after,
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
    _lock_standing(session, promoter)
    if promoter.erased_at is not None:
        raise PromoterErased("An erased promoter stays blocked.", param="id")
    promoter.status = "blocked" if blocked else "active"
    _friend_code_follows(session, promoter, active=not blocked)
    session.flush()
    return promoter


def _lock_standing(session: Session, promoter: Promoter) -> None:
    """The promoter's row FOR UPDATE, re-read: the earnings and redemptions that read them as
    active (FOR KEY SHARE, rewards/standing.py) commit first, and later ones see the change."""
    session.scalars(select(Promoter).where(Promoter.id == promoter.id).with_for_update()
                    .execution_options(populate_existing=True)).one()


def _friend_code_follows(session: Session, promoter: Promoter, *, active: bool) -> None:
    """Their Stripe promotion code should discount only while they may earn from it: marked
    here, with the block, and set in Stripe after the commit (referrals.friend_codes.sync)."""
    session.execute(
        update(StripePromotionCode)
        .where(StripePromotionCode.promoter_id == promoter.id,
               StripePromotionCode.active.is_not(active))
        .values(active=active, state_version=StripePromotionCode.state_version + 1)
    )


def erase_promoter(
    session: Session, *, merchant_id: str, promoter_id: str, now: datetime,
    forget_answers: Callable[[Session, str, set[str]], None] | None = None,
) -> Promoter:
    """Forget the person behind a promoter, keeping ids and counts so the books still balance.

    Their name, email and customer id go, and so does a generated code (it starts with their
    first name); so do the network hashes, browsers and pages of the clicks on their links and
    of the click behind their own signup as somebody's friend: each could lead back to them.
    The promoter stays, blocked, so past rewards and counts still add up.
    `forget_answers(session, merchant_id, values)`: where the caller kept answers naming the
    person (the API's replayable idempotent responses), to scrub those values from them.
    """
    promoter = get_promoter(session, merchant_id=merchant_id, promoter_id=promoter_id)
    if promoter.erased_at is not None:
        return promoter
    if promoter.external_id is not None:
        own_signup_clicks = select(Referral.click_id).where(
            Referral.merchant_id == merchant_id,
            Referral.referee_external_id == promoter.external_id,
            Referral.click_id.is_not(None),
        )
        session.execute(
            update(Click)
            .where(Click.id.in_(own_signup_clicks))
            .values(ip_hash=None, user_agent=None, referrer=None, visitor_id=ERASED)
        )
        session.execute(
            update(Referral)
            .where(
                Referral.merchant_id == merchant_id,
                Referral.referee_external_id == promoter.external_id,
            )
            .values(
                referee_external_id="erased:" + Referral.id,
                referee_email=None,
                referee_email_key=None,
                ip_hash=None,
                visitor_id=None,
                user_agent=None,
                device_id=None,
                network_hash=None,
            )
        )
    session.execute(
        update(Click)
        .where(Click.promoter_id == promoter.id)
        .values(ip_hash=None, user_agent=None, referrer=None)
    )
    _forget_widget_visits(session, promoter)
    # Their own browsers and networks, kept for the self-referral signals.
    session.execute(delete(PromoterEvidence).where(PromoterEvidence.promoter_id == promoter.id))
    if forget_answers is not None:
        forget_answers(session, merchant_id, _personal_values(promoter))
    _forget_orders_and_events(session, promoter)
    _forget_code_copies(session, promoter)
    # Locked last, after the rows pointing at the promoter: paths that lock one of those (a
    # referral being approved, a subscription's invoice) read the promoter's standing after
    # it, so taking the promoter first could close a cycle with them.
    _lock_standing(session, promoter)
    if promoter.erased_at is not None:  # erased meanwhile by a concurrent request
        return promoter
    _friend_code_follows(session, promoter, active=False)
    _replace_code(session, promoter)
    promoter.external_id = None
    promoter.email = None
    promoter.name = None
    promoter.visitor_id = None
    promoter.status = "blocked"
    promoter.erased_at = now
    session.flush()
    return promoter


def _personal_values(promoter: Promoter) -> set[str]:
    return {value for value in (promoter.external_id, promoter.email, promoter.name,
                                promoter.code) if value}


def _forget_orders_and_events(session: Session, promoter: Promoter) -> None:
    """Their own purchases keep amounts and ids (the rewards they paid for stand), not their
    email or customer id; events that named them keep their type and ids, not the names."""
    personal = _personal_values(promoter)
    if promoter.external_id is not None:
        session.execute(
            update(Order).where(Order.merchant_id == promoter.merchant_id,
                                Order.customer_external_id == promoter.external_id)
            .values(customer_email=None, customer_external_id="erased:" + Order.id)
        )
    for value in personal:
        for event in session.scalars(select(Event).where(
                Event.merchant_id == promoter.merchant_id,
                cast(Event.data, String).contains(value))):
            event.data = {key: ERASED if isinstance(item, str) and item in personal else item
                          for key, item in event.data.items()}


def _forget_code_copies(session: Session, promoter: Promoter) -> None:
    """Where the promoter's code was copied: it may spell the person's name."""
    # Their Stripe promotion code was made from it: the record keeps its id, not the text.
    session.execute(update(StripePromotionCode)
                    .where(StripePromotionCode.promoter_id == promoter.id).values(code=ERASED))
    # So was the code a friend's subscription checkout carried (kept for its invoices, which
    # the code no longer credits once replaced): as typed, or as Stripe spells it.
    typed = {codes.code_key(promoter.code), re.sub(r"[^a-z0-9]", "", codes.code_key(promoter.code))}
    session.execute(update(StripeSubscription).where(
        StripeSubscription.merchant_id == promoter.merchant_id,
        func.lower(StripeSubscription.code).in_(typed)).values(code=None))


def _replace_code(session: Session, promoter: Promoter) -> None:
    """A random code in place of one that may spell the person's name."""
    for _ in range(_CODE_ATTEMPTS):
        code = codes.generated_code(None)
        try:
            with session.begin_nested():
                promoter.code, promoter.code_key = code, codes.code_key(code)
                session.flush()
        except IntegrityError:
            continue
        return
    raise RuntimeError("could not find a free referral code")


def _forget_widget_visits(session: Session, promoter: Promoter) -> None:
    """The order pages the widget ran on knew the buyer's name and email, and their feedback
    is in their own words: both go; scores and counts stay."""
    mine = WidgetSession.promoter_id == promoter.id
    if promoter.external_id is not None:
        mine = mine | (
            (WidgetSession.merchant_id == promoter.merchant_id)
            & (WidgetSession.customer_external_id == promoter.external_id)
        )
    visits = select(WidgetSession.id).where(mine)
    session.execute(
        update(WidgetFeedback).where(WidgetFeedback.widget_session_id.in_(visits))
        .values(text=None)
    )
    session.execute(
        update(WidgetSession).where(mine).values(
            customer_email=None, customer_name=None,
            customer_external_id="erased:" + WidgetSession.id,
        )
    )
