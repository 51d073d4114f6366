"""What the share widget does for the buyer a widget session names: show, enrol, share, listen.

Every function opens the session from its token first, so an expired or forged token fails
before anything is written: nobody is enrolled, nothing is recorded.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.events import emit
from core.ids import new_id
from core.merchants.models import Merchant
from core.pagination import page
from referrals.clicks import service as clicks_service
from referrals.errors import PromoterBlocked, PromoterErased, WidgetSettingsInvalid
from referrals.promoters import service as promoters_service
from referrals.promoters.models import Promoter
from referrals.shares import service as shares_service
from referrals.shares.models import Share
from referrals.widget.models import WidgetFeedback, WidgetSession, WidgetSettings
from referrals.widget.sessions import open_session
from rewards.program.offers import Offer, referral_offer

DEFAULT_SETTINGS = {
    "ask_nps": True, "accent_color": "#2f5bea", "background_color": "#ffffff",
    "text_color": "#1d2433", "title": None,
}
SETTINGS = tuple(DEFAULT_SETTINGS)
_HEX_COLOR = re.compile(r"^#[0-9a-f]{6}$")
# WCAG 2.x AA for normal text: what the widget's text needs against its background.
MIN_CONTRAST = 4.5
PROMOTER_SCORES = range(9, 11)


@dataclass(frozen=True)
class Token:
    """What identifies the caller: the merchant's publishable key and the page's session."""

    merchant_id: str
    session_token: str | None
    secret_keys: list[str]


@dataclass(frozen=True)
class WidgetView:
    settings: WidgetSettings
    offer: Offer
    promoter: Promoter | None


@dataclass(frozen=True)
class Enrollment:
    promoter: Promoter
    offer: Offer
    created: bool


@dataclass(frozen=True)
class Welcome:
    # The promoter's first name, never more (no surname, no email); None when the click
    # names nobody a shop may greet by: an invalid or old click, a blocked or erased promoter,
    # a promoter without a name.
    referred_by: str | None
    offer: Offer


def welcome(session: Session, *, merchant_id: str, click_id: str, now: datetime) -> Welcome:
    """What a shop may tell a friend who arrived through a referral link: who sent them and
    what the program offers them. The click id came in the link's redirect; a click older than
    the merchant's attribution window names nobody, so an old id is not a lasting way to learn
    a promoter's name."""
    click = clicks_service.get_click(session, merchant_id=merchant_id, click_id=click_id)
    merchant = session.get_one(Merchant, merchant_id)
    offer = referral_offer(session, merchant_id=merchant_id)
    window = timedelta(days=merchant.attribution_window_days)
    if not click.valid or click.promoter_id is None or now - click.created_at > window:
        return Welcome(None, offer)
    promoter = session.get_one(Promoter, click.promoter_id)
    if promoter.status != "active" or promoter.erased_at is not None or not promoter.name:
        return Welcome(None, offer)
    first = promoter.name.split()
    return Welcome(first[0] if first else None, offer)


def _open(session: Session, token: Token, now: datetime) -> WidgetSession:
    return open_session(session, merchant_id=token.merchant_id, token=token.session_token,
                        secret_keys=token.secret_keys, now=now)


def view(session: Session, *, token: Token, now: datetime) -> WidgetView:
    """Everything the widget shows before the buyer does anything. Writes nothing."""
    widget_session = _open(session, token, now)
    promoter = (session.get(Promoter, widget_session.promoter_id)
                if widget_session.promoter_id else None)
    return WidgetView(settings=get_settings(session, merchant_id=token.merchant_id),
                      offer=referral_offer(session, merchant_id=token.merchant_id),
                      promoter=promoter)


def enroll(session: Session, *, token: Token, now: datetime) -> Enrollment:
    """Make the session's buyer a promoter (once; again returns them) and show the offer."""
    widget_session = _open(session, token, now)
    promoter, created = _promoter_of(session, widget_session, now)
    return Enrollment(promoter=promoter, created=created,
                      offer=referral_offer(session, merchant_id=token.merchant_id))


def share(session: Session, *, token: Token, channel: str, now: datetime) -> Share:
    """Record a share by the session's buyer, enrolling them first if the panel has not."""
    widget_session = _open(session, token, now)
    promoter, _ = _promoter_of(session, widget_session, now)
    return shares_service.record_share(session, merchant_id=token.merchant_id,
                                       promoter_id=promoter.id, channel=channel, now=now)


def _promoter_of(session: Session, widget_session: WidgetSession, now: datetime
                 ) -> tuple[Promoter, bool]:
    if widget_session.customer_external_id.startswith(f"{promoters_service.ERASED}:"):
        # The buyer was erased after the page was made: enrolling its scrubbed customer id
        # would give the person a fresh promoter that earns again.
        raise PromoterErased("This customer was erased.", param="session")
    promoter, created = promoters_service.join_program(
        session, merchant_id=widget_session.merchant_id, now=now,
        external_id=widget_session.customer_external_id, email=widget_session.customer_email,
        name=widget_session.customer_name,
    )
    if promoter.status != "active":
        raise PromoterBlocked("This customer cannot share referral links.", param="session")
    if not created and promoter.name is None and widget_session.customer_name:
        # A buyer is a member from their first order, which names nobody; the shop's session
        # does, and the friends this promoter refers are greeted by it.
        promoter.name = widget_session.customer_name.strip()[:200] or None
    widget_session.promoter_id = promoter.id
    session.flush()
    return promoter, created


def give_feedback(session: Session, *, token: Token, score: int, text: str | None,
                  now: datetime) -> WidgetFeedback:
    """Keep the buyer's 0-10 answer and words for the merchant; a second answer replaces it."""
    widget_session = _open(session, token, now)
    feedback = _feedback_of(session, widget_session.id)
    if feedback is None:
        feedback = WidgetFeedback(
            id=new_id("fbk"), merchant_id=widget_session.merchant_id,
            widget_session_id=widget_session.id, order_id=widget_session.order_id,
            score=score, text=text or None, created_at=now, updated_at=now,
        )
        try:
            with session.begin_nested():
                session.add(feedback)
            _emit_feedback(session, feedback, now)
            return feedback
        except IntegrityError:  # the same answer sent twice at once: the other one is kept
            feedback = _feedback_of(session, widget_session.id)
            assert feedback is not None  # the other answer's row, which made the INSERT fail
    feedback.score = score
    # Choosing a score and then writing why arrive as two answers; the words are not lost.
    feedback.text = text or feedback.text
    feedback.updated_at = now
    session.flush()
    _emit_feedback(session, feedback, now)
    return feedback


def _emit_feedback(session: Session, feedback: WidgetFeedback, now: datetime) -> None:
    # The buyer's words stay in Goodword (they are erased with the buyer); the event says
    # where to read them.
    emit(session, merchant_id=feedback.merchant_id, type="feedback.received", now=now, data={
        "feedback": feedback.id, "order_id": feedback.order_id, "score": feedback.score,
        "has_text": feedback.text is not None,
    })


def _feedback_of(session: Session, widget_session_id: str) -> WidgetFeedback | None:
    return session.scalars(
        select(WidgetFeedback).where(WidgetFeedback.widget_session_id == widget_session_id)
    ).one_or_none()


def list_feedback(session: Session, *, merchant_id: str, limit: int,
                  starting_after: str | None = None,
                  ending_before: str | None = None) -> tuple[list[WidgetFeedback], bool]:
    statement = select(WidgetFeedback).where(WidgetFeedback.merchant_id == merchant_id)
    return page(session, statement, id_column=WidgetFeedback.id, prefix="fbk", limit=limit,
                starting_after=starting_after, ending_before=ending_before)


def get_settings(session: Session, *, merchant_id: str) -> WidgetSettings:
    """The merchant's widget settings; the defaults (unsaved) until they change one."""
    settings = session.get(WidgetSettings, merchant_id)
    return settings or WidgetSettings(merchant_id=merchant_id, **DEFAULT_SETTINGS)


def update_settings(session: Session, *, merchant_id: str, changes: dict[str, Any]
                    ) -> WidgetSettings:
    """Change settings together; colours that would make the text hard to read are refused."""
    current = get_settings(session, merchant_id=merchant_id)
    merged = {name: getattr(current, name) for name in SETTINGS} | changes
    for name in ("accent_color", "background_color", "text_color"):
        merged[name] = (merged[name] or "").lower()
        if not _HEX_COLOR.match(merged[name]):
            raise WidgetSettingsInvalid(f"{name} must be a colour like #2f5bea.", param=name)
    ratio = contrast(merged["text_color"], merged["background_color"])
    if ratio < MIN_CONTRAST:
        raise WidgetSettingsInvalid(
            f"text_color on background_color has a contrast of {ratio:.1f}:1; "
            f"shoppers need at least {MIN_CONTRAST}:1 to read it.", param="text_color")
    for name, value in merged.items():
        setattr(current, name, value)
    if current not in session:
        session.add(current)
    session.flush()
    return current


def on_accent(accent_color: str) -> str:
    """Black or white, whichever reads better on the accent colour (buttons' text)."""
    black, white = contrast("#000000", accent_color), contrast("#ffffff", accent_color)
    return "#ffffff" if white >= black else "#000000"


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(color: str) -> float:
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
