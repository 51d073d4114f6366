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
from referrals.promoters.models import Promoter
from referrals.signups import emails
from referrals.signups.models import FRAUD_ACTIONS, FraudSettings, Referral

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
}
ACTION_SETTINGS = (
    "self_referral", "duplicate_email", "reused_click", "disposable_email", "velocity"
)
LIMIT_SETTINGS = ("max_signups_per_ip_per_day", "max_signups_per_promoter_per_day")
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


@dataclass(frozen=True)
class Person:
    """Who a promoter is credited for: a friend signing up, or the buyer of an order."""

    external_id: str | None
    email: str | None
    visitor_id: str | None  # the browser of the click that brought them, if any


@dataclass(frozen=True)
class Finding:
    check: str
    code: str
    message: str


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
        if name not in ACTION_SETTINGS + LIMIT_SETTINGS:
            raise InvalidInput(f"{name} is not a fraud setting.", param=name)
        setattr(settings, name, value)
    session.flush()
    return settings


def verdict(findings: list[Finding], settings: FraudSettings) -> str:
    actions = {getattr(settings, finding.check, "reject") for finding in findings}
    if "reject" in actions:
        return "rejected"
    return "pending_review" if "review" in actions else "approved"


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
    findings = []
    if signup.promoter.status == "blocked":
        findings.append(Finding("blocked", "promoter_blocked", "The promoter is blocked."))
    if settings.self_referral != "off":
        findings += self_referral(signup.promoter, Person(
            signup.referee_external_id, signup.referee_email, signup.visitor_id))
    if settings.duplicate_email != "off" and signup.referee_email:
        findings += _duplicate_email(session, signup)
    if settings.reused_click != "off" and signup.click_id:
        findings += _reused_click(session, signup)
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
    if settings.velocity != "off":
        findings += _velocity(session, signup, settings, now)
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
    if settings.velocity != "off":
        if signup.ip_hash:
            keys.append(f"referral-network:{signup.merchant_id}:{signup.ip_hash}")
        keys.append(f"referral-promoter:{signup.promoter.id}")
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
        from_ip = session.execute(
            select(func.count()).select_from(Referral).where(
                Referral.merchant_id == signup.merchant_id,
                Referral.ip_hash == signup.ip_hash,
                Referral.created_at > since,
            )
        ).scalar_one()
        if from_ip >= settings.max_signups_per_ip_per_day:
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
    if for_promoter >= settings.max_signups_per_promoter_per_day:
        findings.append(
            Finding("velocity", "velocity_promoter",
                    f"The promoter already referred {for_promoter} signups today "
                    f"(limit {settings.max_signups_per_promoter_per_day}).")
        )
    return findings
