"""Erasure: forgetting the person behind a promoter when they ask (GDPR art. 17), keeping ids
and counts so the books still balance."""

import re
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import String, cast, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.events.models import Event
from referrals.clicks.models import Click
from referrals.promoters import codes
from referrals.promoters.evidence_models import PromoterEvidence
from referrals.promoters.models import Promoter
from referrals.promoters.service import (
    CODE_ATTEMPTS,
    ERASED,
    friend_code_follows,
    get_promoter,
    lock_standing,
)
from referrals.signups.models import Referral
from referrals.stripe import pending as stripe_pending
from referrals.stripe.models import StripePromotionCode, StripeSubscription
from referrals.widget.models import WidgetFeedback, WidgetSession
from rewards.orders.models import Order


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
                metadata_={},
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
    lock_standing(session, promoter)
    if promoter.erased_at is not None:  # erased meanwhile by a concurrent request
        return promoter
    friend_code_follows(session, promoter, active=False)
    _replace_code(session, promoter)
    promoter.external_id = None
    promoter.email = None
    promoter.name = None
    promoter.visitor_id = None
    promoter.birthday = None
    promoter.metadata_ = {}  # the merchant's own notes on the person
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
            .values(customer_email=None, customer_external_id="erased:" + Order.id,
                    metadata_={})
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
    stripe_pending.forget_code(session, merchant_id=promoter.merchant_id, typed=typed)


def _replace_code(session: Session, promoter: Promoter) -> None:
    """A random code in place of one that may spell the person's name."""
    for _ in range(CODE_ATTEMPTS):
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
