"""Referrals (subscribe): crediting a friend's signup to a promoter, and the merchant's review."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db import transaction_memo
from core.errors import GoodwordError, InvalidInput
from core.events import emit
from core.ids import new_id
from core.merchants.models import Merchant
from core.pagination import NumberedPage, numbered_page, page
from referrals.clicks import service as clicks
from referrals.clicks.models import Click
from referrals.errors import (
    AttributionFailed,
    PromoterNotFound,
    RefereeAlreadyReferred,
    ReferralNotFound,
    ReferralNotPending,
)
from referrals.journey import rollup as journey_rollup
from referrals.links import service as links
from referrals.members import events as member_events
from referrals.promoters import codes, evidence, rewarding
from referrals.promoters import service as promoters_service
from referrals.promoters.models import Promoter
from referrals.signups import emails, fraud
from referrals.signups.models import Referral
from referrals.signups.order_risk import Buyer as Buyer
from referrals.signups.order_risk import OrderRisk as OrderRisk
from referrals.signups.order_risk import judge_order as judge_order
from referrals.signups.order_risk import lock_evidence as lock_evidence
from referrals.signups.risk import card_is_promoters as card_is_promoters
from rewards.events import RewardEvent
from rewards.orders import service as orders_service
from rewards.orders.models import Order


@dataclass(frozen=True)
class Attribution:
    promoter: Promoter
    attributed_by: str
    click: Click | None = None
    # Why a click, token or code sent along credited nobody while another one did (a bad or
    # expired click, a click beaten by a typed code): kept on the referral as a note.
    notes: tuple[fraud.Finding, ...] = ()


def create_referral(
    session: Session,
    *,
    merchant: Merchant,
    referee_external_id: str,
    now: datetime,
    secret_keys: list[str],
    disposable_domains: frozenset[str],
    referee_email: str | None = None,
    click_id: str | None = None,
    token: str | None = None,
    code: str | None = None,
    ip_hash: str | None = None,
    link_max_age: timedelta | None = None,
    seen: evidence.Sighting | None = None,
) -> Referral:
    """Credit a signup to the promoter its click, token or code names, after the fraud checks.
    `seen`: the friend's browser as the shop saw it (address hashes, user agent, device id)."""
    settings = fraud.settings_for(session, merchant_id=merchant.id)
    attribution = attribute(
        session, merchant=merchant, now=now, secret_keys=secret_keys,
        click_id=click_id, token=token, code=code, link_max_age=link_max_age,
        policy=settings.attribution,
    )
    _refuse_if_referred(session, merchant.id, referee_external_id)
    click = attribution.click
    seen = seen or evidence.Sighting()
    signup = fraud.Signup(
        merchant_id=merchant.id,
        promoter=attribution.promoter,
        referee_external_id=referee_external_id,
        referee_email=emails.normalise_email(referee_email),
        ip_hash=ip_hash or seen.ip_hash or (click.ip_hash if click else None),
        visitor_id=click.visitor_id if click else None,
        click_id=click.id if click else None,
        user_agent=seen.user_agent or (click.user_agent if click else None),
        device_id=seen.device_id,
        network_hash=seen.network_hash,
        attributed_by=attribution.attributed_by,
        click_created_at=click.created_at if click else None,
        click_referrer=click.referrer if click else None,
        shop_domains=tuple(merchant.allowed_domains or ()),
        created_at=now,
    )
    findings = list(attribution.notes) + fraud.check_signup(
        session, signup=signup, settings=settings,
        disposable_domains=disposable_domains, now=now,
    )
    referral = Referral(
        id=new_id("ref"),
        merchant_id=merchant.id,
        promoter_id=attribution.promoter.id,
        click_id=click.id if click else None,
        attributed_by=attribution.attributed_by,
        referee_external_id=referee_external_id,
        referee_email=signup.referee_email,
        referee_email_key=emails.mailbox_key(signup.referee_email),
        ip_hash=signup.ip_hash,
        visitor_id=signup.visitor_id,
        user_agent=signup.user_agent,
        device_id=signup.device_id,
        network_hash=signup.network_hash,
        risk_score=fraud.risk_score(findings),
        status=fraud.verdict(findings, settings),
        reasons=[{"code": finding.code, "message": finding.message} for finding in findings],
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(referral)
    except IntegrityError:
        # A concurrent signup of the same friend committed first: it is the one that counts.
        raise _already_referred(referee_external_id) from None
    _emit_referral(session, referral, "referral.created", now)
    if referral.status in ("approved", "rejected"):
        _emit_referral(session, referral, f"referral.{referral.status}", now)
    if referral.status == "approved":
        _reward_approval(session, referral, now)
    return referral


def attribute(
    session: Session,
    *,
    merchant: Merchant,
    now: datetime,
    secret_keys: list[str],
    click_id: str | None,
    token: str | None,
    code: str | None,
    link_max_age: timedelta | None = None,
    policy: str | None = None,
) -> Attribution:
    """The promoter of this merchant that the click id, token or code names, by `policy`.

    first_click (the default): a code the friend typed beats the click the shop kept (the
    friend said who referred them; a click can be injected), then the click, then the token.
    The redirect keeps a browser's first valid click within the window (api/redirects.py), so
    the click the shop holds is the first one. last_click: the click, the token, then the code.
    A click, token or code that names nobody (bad, expired, unknown) is not held against the
    ones that do: the referral is credited by those, with a note saying what was passed over.
    Only when none names anyone is the request refused, with the first one's reason.
    """
    attempts = [
        (value, how) for value, how in
        ((click_id, _by_click), (token, _by_token), (code, _by_code)) if value
    ]
    if not attempts:
        raise InvalidInput(
            "Give one of click_id, token or code to credit the signup.",
            code="parameter_missing", param="click_id",
        )
    found: list[Attribution] = []
    failures: list[GoodwordError] = []
    for value, how in attempts:
        try:
            found.append(how(session, merchant, value, now, secret_keys, link_max_age))
        except GoodwordError as failure:
            failures.append(failure)
    if not found:
        raise failures[0]
    if len(found) > 1 and policy is None:
        policy = fraud.settings_for(session, merchant_id=merchant.id).attribution
    order = _PRECEDENCE[policy or "first_click"]
    chosen = min(found, key=lambda attribution: order.index(attribution.attributed_by))
    notes = [fraud.Finding("note", "attribution_ignored", _ignored(failure))
             for failure in failures]
    for other in found:
        if other is not chosen and other.promoter.id != chosen.promoter.id:
            notes.append(fraud.Finding(
                "note", "attribution_overruled",
                f"The {other.attributed_by} named another promoter ({other.promoter.id}); "
                f"the {chosen.attributed_by} wins under {policy or 'first_click'}."))
    click = chosen.click or next(
        (other.click for other in found
         if other.click is not None and other.promoter.id == chosen.promoter.id), None)
    return Attribution(chosen.promoter, chosen.attributed_by, click, tuple(notes))


_PRECEDENCE = {"first_click": ("code", "click", "token"),
               "last_click": ("click", "token", "code")}


def _ignored(failure: GoodwordError) -> str:
    what = {"click_id": "click", "token": "link", "code": "code"}.get(failure.param or "", "value")
    return f"The {what} sent along was not credited: {failure.message}"


def _by_click(session: Session, merchant: Merchant, click_id: str, now: datetime,
          secret_keys: list[str], link_max_age: timedelta | None) -> Attribution:
    click = clicks.get_click(
        session, merchant_id=merchant.id, click_id=click_id, param="click_id"
    )
    if not click.valid:
        raise AttributionFailed(
            f"The click came through a bad link ({click.invalid_reason}).", param="click_id"
        )
    if click.created_at < now - timedelta(days=merchant.attribution_window_days):
        raise AttributionFailed(
            f"The click is older than the {merchant.attribution_window_days}-day "
            "attribution window.",
            code="attribution_window_expired", param="click_id",
        )
    return Attribution(_active_promoter(session, merchant, click.promoter_id, "click_id"),
                       "click", click)


def _by_token(session: Session, merchant: Merchant, token: str, now: datetime,
          secret_keys: list[str], link_max_age: timedelta | None) -> Attribution:
    # The same maximum age as the click path: an expired link attributes nowhere.
    claims = links.read_link(token, secret_keys=secret_keys, now=now, max_age=link_max_age)
    if claims.problem:
        raise AttributionFailed(f"The referral link is {claims.problem}.", param="token")
    if claims.merchant_id != merchant.id:
        raise PromoterNotFound("The link belongs to no promoter of yours.", param="token")
    return Attribution(_active_promoter(session, merchant, claims.promoter_id, "token"), "token")


# Built once, sent with each code: every order with a code asks it.
_BY_CODE = select(Promoter).where(Promoter.merchant_id == bindparam("merchant"),
                                  Promoter.code_key == bindparam("code_key"))
_NOTED_CODE = "the promoter of a code"


def note_code(session: Session, *, merchant_id: str, code: str,
              promoter: Promoter | None) -> None:
    """The promoter of `code` (None: nobody has it) as another read of this transaction found
    it (the order path asks it with its buyer): `attribute` then reads it no more."""
    transaction_memo(session)[_NOTED_CODE, merchant_id, codes.code_key(code)] = promoter


def _by_code(session: Session, merchant: Merchant, code: str, now: datetime,
         secret_keys: list[str], link_max_age: timedelta | None) -> Attribution:
    key = codes.code_key(code)
    noted = transaction_memo(session).get((_NOTED_CODE, merchant.id, key), _NOT_NOTED)
    promoter = noted if noted is not _NOT_NOTED else session.scalars(
        _BY_CODE, {"merchant": merchant.id, "code_key": key}).one_or_none()
    if promoter is None:
        raise PromoterNotFound(f"No promoter has the code {code!r}.", param="code")
    return Attribution(promoter, "code")


_NOT_NOTED = object()


def _active_promoter(session: Session, merchant: Merchant, promoter_id: str | None, param: str
                     ) -> Promoter:
    promoter = session.get(Promoter, promoter_id) if promoter_id else None
    if promoter is None or promoter.merchant_id != merchant.id:
        raise PromoterNotFound("The promoter of this link no longer exists.", param=param)
    return promoter


def _refuse_if_referred(session: Session, merchant_id: str, referee_external_id: str) -> None:
    existing = session.scalar(
        select(Referral.id).where(
            Referral.merchant_id == merchant_id,
            Referral.referee_external_id == referee_external_id,
        )
    )
    if existing is not None:
        raise _already_referred(referee_external_id, existing)


def _already_referred(referee_external_id: str, existing: str | None = None
                      ) -> RefereeAlreadyReferred:
    which = f" ({existing})" if existing else ""
    return RefereeAlreadyReferred(
        f"The customer {referee_external_id!r} was already referred{which}; "
        "a friend counts once, for the first promoter.",
        param="referee_external_id",
    )


def get_referral(session: Session, *, merchant_id: str, referral_id: str) -> Referral:
    referral = session.get(Referral, referral_id)
    if referral is None or referral.merchant_id != merchant_id:
        raise ReferralNotFound(f"No such referral: {referral_id!r}", param="id")
    return referral


def decide(
    session: Session,
    *,
    merchant_id: str,
    referral_id: str,
    approve: bool,
    decided_by: str,
    now: datetime,
    note: str | None = None,
    revoke: bool = False,
) -> Referral:
    """A merchant's verdict on a referral held for review, or (`revoke`) the rejection of one
    approved before; recorded with who and when. Without `revoke` a decided referral is not
    decided again: of two people deciding at once, the second is told. Its orders follow:
    approving releases the ones held with it, rejecting takes back the referral rewards they
    paid (rewards.orders.decide_credit).

    The referral is locked FOR UPDATE, which an order of its friend (taking it FOR KEY SHARE)
    waits for, or which waits for that order: a rejection never misses an order in flight."""
    referral = session.scalars(
        select(Referral).where(Referral.id == referral_id).with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if referral is None or referral.merchant_id != merchant_id:
        raise ReferralNotFound(f"No such referral: {referral_id!r}", param="id")
    if referral.status != "pending_review" and not (
            revoke and not approve and referral.status == "approved"):
        raise ReferralNotPending(
            f"The referral is {referral.status}; only referrals pending review can be decided "
            "(an approved one can be rejected with revoke)."
        )
    was = referral.status
    referral.status = "approved" if approve else "rejected"
    journey_rollup.referral_decided(session, referral=referral, was=was)
    referral.decision_note = note
    referral.decided_by = decided_by
    referral.decided_at = now
    session.flush()
    _emit_referral(session, referral, f"referral.{referral.status}", now)
    # Its orders' rows before any lot or account (the ledger's lock order): a refund of one of
    # them holds the order and then waits for the lots.
    _decide_orders(session, referral, approve=approve, now=now)
    if approve:
        _reward_approval(session, referral, now)
    return referral


def _decide_orders(session: Session, referral: Referral, *, approve: bool, now: datetime
                   ) -> None:
    """The referral's orders follow its decision."""
    order_ids = list(session.scalars(select(Order.id).where(
        Order.merchant_id == referral.merchant_id, Order.referral_id == referral.id)))
    if not order_ids:
        return
    verb = "approved" if approve else "rejected"
    orders_service.decide_credit(
        session, merchant_id=referral.merchant_id, order_ids=order_ids, approve=approve,
        reason={"code": f"referral_{verb}", "message": f"The order's referral ({referral.id}) "
                f"was {verb}" + ("." if approve else ": its referral rewards are taken back.")},
        now=now)


def _emit_referral(session: Session, referral: Referral, type: str, now: datetime) -> None:
    emit(session, merchant_id=referral.merchant_id, type=type, now=now, data={
        "referral": referral.id, "promoter": referral.promoter_id,
        "referee_external_id": referral.referee_external_id, "status": referral.status,
        "reasons": [reason["code"] for reason in referral.reasons],
    })


def _reward_approval(session: Session, referral: Referral, now: datetime) -> None:
    """An approved referral earns under the referral.approved rules; the friend is enrolled so
    a double-sided offer has somewhere to put their half."""
    friend, new_member = promoters_service.enroll_promoter(
        session, merchant_id=referral.merchant_id, now=now,
        external_id=referral.referee_external_id, email=referral.referee_email,
    )
    rewarding.reward(
        session,
        event=RewardEvent(
            trigger="referral.approved", merchant_id=referral.merchant_id, occurred_at=now,
            cause_type="referral", cause_id=referral.id, referrer_id=referral.promoter_id,
            referee_id=friend.id, referral_created_at=referral.created_at,
        ),
        now=now,
        # Approved referrals count towards tiers even when no rule pays for them.
        also_reevaluate=(referral.promoter_id,),
        # A friend new to Goodword is a new member: their welcome is earned with it.
        also=(member_events.joined(merchant_id=referral.merchant_id, promoter_id=friend.id,
                                   now=now),) if new_member else (),
    )


def list_referrals(
    session: Session,
    *,
    merchant_id: str,
    limit: int,
    starting_after: str | None = None, ending_before: str | None = None,
    status: str | None = None,
    promoter: str | None = None,
) -> tuple[list[Referral], bool]:
    statement = select(Referral).where(Referral.merchant_id == merchant_id)
    if status is not None:
        statement = statement.where(Referral.status == status)
    if promoter is not None:
        statement = statement.where(Referral.promoter_id == promoter)
    return page(session, statement, id_column=Referral.id, prefix="ref",
                limit=limit, starting_after=starting_after, ending_before=ending_before)


def referral_page(session: Session, *, merchant_id: str, promoter: str, number: int,
                  size: int) -> NumberedPage:
    """Page `number` of the promoter's referrals, newest first, with how many there are."""
    statement = select(Referral).where(Referral.merchant_id == merchant_id,
                                       Referral.promoter_id == promoter)
    return numbered_page(session, statement, order_by=[Referral.id.desc()], number=number,
                         size=size)
