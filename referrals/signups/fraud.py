"""Fraud checks on a signup, each explainable and each configurable per merchant.

A check never silently drops a signup: it adds a reason (a machine code and a sentence a
merchant can read) and, depending on the merchant's setting for that check, sends the referral
to review or rejects it. "off" skips the check.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.advisory_locks import lock_keys
from core.errors import InvalidInput
from referrals.clicks.models import Click
from referrals.promoters.models import Promoter
from referrals.signups import emails, risk
from referrals.signups.models import (
    ATTRIBUTION_POLICIES,
    FRAUD_ACTIONS,
    FraudSettings,
    Referral,
)

DEFAULTS = {
    # Someone referring themself is the commonest abuse and is never a real friend.
    "self_referral": "reject",
    "duplicate_email": "reject",
    # One click is one browser's visit; a second signup on it is usually the same person, but
    # shared family computers exist, so a person decides.
    "reused_click": "review",
    # Real people do use throwaway addresses, so by default a person decides.
    "disposable_email": "review",
    "velocity": "review",
    "max_signups_per_ip_per_day": 5,
    "max_signups_per_promoter_per_day": 25,
    # Within the window the first valid click keeps the credit and a typed code beats a click.
    "attribution": "first_click",
    "review_score": risk.DEFAULT_REVIEW_SCORE,
    "reject_score": risk.DEFAULT_REJECT_SCORE,
}
ACTION_SETTINGS = (
    "self_referral", "duplicate_email", "reused_click", "disposable_email", "velocity"
)
LIMIT_SETTINGS = ("max_signups_per_ip_per_day", "max_signups_per_promoter_per_day")
SCORE_SETTINGS = ("review_score", "reject_score")
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Signup:
    merchant_id: str
    promoter: Promoter
    referee_external_id: str
    referee_email: str | None
    ip_hash: str | None
    visitor_id: str | None
    click_id: str | None = None
    # Evidence for the risk signals (referrals.risk); all optional.
    user_agent: str | None = None
    device_id: str | None = None
    network_hash: str | None = None
    attributed_by: str | None = None
    click_created_at: datetime | None = None
    click_referrer: str | None = None
    shop_domains: tuple[str, ...] = ()
    created_at: datetime | None = None
    # The keyed hash of the card's Stripe fingerprint (orders paid through Stripe).
    card_hash: str | None = None
    # What is judged: a "signup", or an "order" (the reasons' wording says which).
    conversion: str = "signup"


@dataclass(frozen=True)
class Person:
    """Who a promoter is credited for: a friend signing up, or the buyer of an order."""

    external_id: str | None
    email: str | None
    visitor_id: str | None  # the browser of the click that brought them, if any


@dataclass(frozen=True)
class Finding:
    check: str  # the setting that decides it; "risk" for a signal that adds points
    code: str
    message: str
    points: int = 0


def settings_for(session: Session, *, merchant_id: str) -> FraudSettings:
    """The merchant's settings, or the defaults (not saved) when it never changed them."""
    return session.get(FraudSettings, merchant_id) or FraudSettings(
        merchant_id=merchant_id, **DEFAULTS
    )


def update_settings(session: Session, *, merchant_id: str, changes: dict[str, Any]
                    ) -> FraudSettings:
    """Change settings under a row lock; the first change ever creates the row, and two first
    changes at once both land (the loser of the insert race locks the winner's row)."""
    settings = session.get(FraudSettings, merchant_id, with_for_update=True)
    if settings is None:
        try:
            with session.begin_nested():
                session.add(FraudSettings(merchant_id=merchant_id, **DEFAULTS))
        except IntegrityError:
            pass
        settings = session.get(
            FraudSettings, merchant_id, with_for_update=True, populate_existing=True
        )
        assert settings is not None  # ours, or the row of the insert it lost to
    for name, value in changes.items():
        if name in ACTION_SETTINGS and value not in FRAUD_ACTIONS:
            raise InvalidInput(f"{name} must be one of {', '.join(FRAUD_ACTIONS)}.", param=name)
        if name in LIMIT_SETTINGS and not (isinstance(value, int) and 1 <= value <= 100_000):
            raise InvalidInput(f"{name} must be a whole number from 1 to 100000.", param=name)
        if name in SCORE_SETTINGS and not (isinstance(value, int) and 1 <= value <= 1000):
            raise InvalidInput(f"{name} must be a whole number from 1 to 1000.", param=name)
        if name == "attribution" and value not in ATTRIBUTION_POLICIES:
            raise InvalidInput(f"attribution must be one of {', '.join(ATTRIBUTION_POLICIES)}.",
                               param=name)
        if name not in ACTION_SETTINGS + LIMIT_SETTINGS + SCORE_SETTINGS + ("attribution",):
            raise InvalidInput(f"{name} is not a fraud setting.", param=name)
        setattr(settings, name, value)
    if settings.review_score > settings.reject_score:
        raise InvalidInput("review_score must not be above reject_score.", param="review_score")
    session.flush()
    return settings


def verdict(findings: list[Finding], settings: FraudSettings) -> str:
    """A check's own action (off, review, reject), then the risk score against the merchant's
    thresholds: the stricter of the two decides."""
    actions = {getattr(settings, finding.check, "reject")
               for finding in findings if finding.check not in ("risk", "note")}
    score = risk_score(findings)
    if "reject" in actions or score >= settings.reject_score:
        return "rejected"
    if "review" in actions or score >= settings.review_score:
        return "pending_review"
    return "approved"


def risk_score(findings: list[Finding]) -> int:
    return sum(finding.points for finding in findings)


def check_signup(
    session: Session,
    *,
    signup: Signup,
    settings: FraudSettings,
    disposable_domains: frozenset[str],
    now: datetime,
) -> list[Finding]:
    """Why the signup is not simply approved; an empty list when nothing is wrong."""
    lock_keys(session, _keys_read(signup, settings))
    findings = checks_reading_nothing(signup=signup, settings=settings,
                                      disposable_domains=disposable_domains)
    if settings.duplicate_email != "off" and signup.referee_email:
        findings += _duplicate_email(session, signup)
    if settings.reused_click != "off" and signup.click_id:
        findings += _reused_click(session, signup)
    if settings.velocity != "off":
        findings += _velocity(session, signup, settings, now)
    findings += risk.signals(session, signup=signup, now=now)
    return findings


def checks_reading_nothing(*, signup: Signup, settings: FraudSettings,
                           disposable_domains: frozenset[str]) -> list[Finding]:
    """The checks decided from the signup alone (no earlier rows): a blocked promoter, the
    promoter referring herself, a throwaway address."""
    findings = []
    if signup.promoter.status == "blocked":
        findings.append(Finding("blocked", "promoter_blocked", "The promoter is blocked."))
    if settings.self_referral != "off":
        # The promoter's browser is weighed by the risk score (same_device_as_promoter), not
        # rejected outright: a spouse on the family computer is a real friend.
        findings += [finding for finding in self_referral(signup.promoter, Person(
            signup.referee_external_id, signup.referee_email, signup.visitor_id))
            if finding.code != "self_referral_browser"]
    if settings.disposable_email != "off" and emails.is_disposable(
        signup.referee_email, disposable_domains
    ):
        findings.append(
            Finding(
                "disposable_email",
                "disposable_email",
                f"The friend's address is at a throwaway provider "
                f"({emails.email_domain(signup.referee_email)}).",
            )
        )
    return findings


def _keys_read(signup: Signup, settings: FraudSettings) -> list[str]:
    """What the enabled checks below look up among earlier referrals. A signup holds these
    locks until it commits, so signups sharing a mailbox, a click, a network or a promoter are
    checked one after another and each sees the ones before it (under READ COMMITTED every
    statement after the wait reads what committed meanwhile): 20 spellings of one mailbox sent
    at once are approved once, as they would be one by one. A check that reads earlier
    referrals adds its key here."""
    keys = []
    if settings.duplicate_email != "off" and signup.referee_email:
        keys.append(f"referral-mailbox:{signup.merchant_id}:"
                    f"{emails.mailbox_key(signup.referee_email)}")
    if settings.reused_click != "off" and signup.click_id:
        keys.append(f"referral-click:{signup.click_id}")
    if settings.velocity != "off" and signup.ip_hash:
        keys.append(f"referral-network:{signup.merchant_id}:{signup.ip_hash}")
    # The risk signals and the promoter's velocity read the promoter's earlier referrals, and
    # earlier friends' addresses give or take a +tag.
    keys.append(f"referral-promoter:{signup.promoter.id}")
    loose = risk.loose_mailbox(signup.referee_email)
    if loose:
        keys.append(f"referral-loose-mailbox:{signup.merchant_id}:{loose}")
    return keys


def self_referral(promoter: Promoter, person: Person) -> list[Finding]:
    """Why this friend or buyer is the promoter themself; empty when they are someone else.
    The one self-referral decision: a signup (check_signup) and an order's link credit
    (order_self_referral) both ask it."""
    findings = []
    if promoter.external_id is not None and promoter.external_id == person.external_id:
        findings.append(
            Finding("self_referral", "self_referral_customer",
                    "The friend is the promoter's own customer account.")
        )
    mailbox = emails.mailbox_key(person.email)
    if mailbox and mailbox == emails.mailbox_key(promoter.email):
        findings.append(
            Finding("self_referral", "self_referral_email",
                    "The friend's email reaches the promoter's own mailbox.")
        )
    if person.visitor_id and person.visitor_id == promoter.visitor_id:
        findings.append(
            Finding("self_referral", "self_referral_browser",
                    "The friend clicked from the promoter's own browser.")
        )
    return findings


def order_self_referral(session: Session, *, promoter: Promoter, buyer: Person
                        ) -> Finding | None:
    """Why an order's click, token or code may not credit this promoter: the buyer is them.

    An order has no review queue, so "review" refuses the credit like "reject" does (the order
    is still recorded, credited to nobody). "off" lets it through, as it lets the signup
    through, except her own customer account: that is her for certain, not a likeness, and an
    order never credited it. The merchant's settings are read only when a check found
    something: an honest order spends no statement here."""
    findings = self_referral(promoter, buyer)
    if not findings:
        return None
    if findings[0].code == "self_referral_customer":
        return findings[0]
    settings = settings_for(session, merchant_id=promoter.merchant_id)
    return None if settings.self_referral == "off" else findings[0]


def _duplicate_email(session: Session, signup: Signup) -> list[Finding]:
    earlier = session.scalar(
        select(Referral.id).where(
            Referral.merchant_id == signup.merchant_id,
            Referral.referee_email_key == emails.mailbox_key(signup.referee_email),
        ).limit(1)
    )
    if earlier is None:
        return []
    return [
        Finding("duplicate_email", "duplicate_referee_email",
                f"This mailbox was already referred as another customer ({earlier}).")
    ]


def _reused_click(session: Session, signup: Signup) -> list[Finding]:
    earlier = session.scalar(
        select(Referral.id).where(Referral.click_id == signup.click_id).limit(1)
    )
    if earlier is None:
        return []
    return [
        Finding("reused_click", "click_reused",
                f"This click already credited another signup ({earlier}).")
    ]


def _velocity(session: Session, signup: Signup, settings: FraudSettings, now: datetime
              ) -> list[Finding]:
    findings: list[Finding] = []
    since = now - DAY
    if signup.ip_hash:
        from_ip, devices = session.execute(
            select(func.count(), func.count(func.distinct(
                func.coalesce(Referral.device_id, Referral.visitor_id)))).where(
                Referral.merchant_id == signup.merchant_id,
                Referral.ip_hash == signup.ip_hash,
                Referral.created_at > since,
            )
        ).one()
        # A shared address (a carrier's or a campus's NAT, a relay) brings many devices; a
        # farm behind one address brings few.
        if from_ip >= settings.max_signups_per_ip_per_day and devices * 2 <= from_ip:
            findings.append(
                Finding("velocity", "velocity_ip",
                        f"{from_ip} signups already came from this network today "
                        f"(limit {settings.max_signups_per_ip_per_day}).")
            )
    for_promoter = session.execute(
        select(func.count()).select_from(Referral).where(
            Referral.promoter_id == signup.promoter.id, Referral.created_at > since
        )
    ).scalar_one()
    if for_promoter >= settings.max_signups_per_promoter_per_day and _visitors(
            session, signup.promoter.id, since) < 3 * for_promoter:
        # A viral post brings many signups and many more visitors: not held for its size.
        findings.append(
            Finding("velocity", "velocity_promoter",
                    f"The promoter already referred {for_promoter} signups today "
                    f"(limit {settings.max_signups_per_promoter_per_day}).")
        )
    return findings


def _visitors(session: Session, promoter_id: str, since: datetime) -> int:
    """Distinct browsers that followed the promoter's links since `since`."""
    return session.scalar(
        select(func.count(func.distinct(Click.visitor_id))).where(
            Click.promoter_id == promoter_id, Click.valid.is_(True), Click.created_at > since)
    ) or 0
