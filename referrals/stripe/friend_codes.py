"""Friend discounts: a promoter's own Stripe promotion code on the merchant's friend coupon.

A referred friend types the promoter's code at Stripe Checkout and gets the coupon's discount;
the purchase names the promotion code, which credits the promoter (double-sided: the promoter
earns under the rules, the friend saved at checkout). The code is made in Stripe with no
database transaction open, under an idempotency key derived from the promoter and coupon, and
recorded afterwards, so a retry or a concurrent request ends with one code.

A blocked or erased promoter's code stops discounting: the block marks it
(referrals.promoters.service), `follow_standing` tells Stripe once the block is committed, and
`goodword retry-payouts` tells it again while Stripe has not confirmed (it was down, or the
merchant's key was revoked).
"""

import logging
import re
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import Conflict, InvalidInput, Unavailable
from core.merchants import service as merchants_service
from core.merchants.models import Merchant
from core.unit_of_work import UnitOfWork
from referrals.promoters import service as promoters_service
from referrals.promoters.models import Promoter
from referrals.stripe.models import StripePromotionCode
from rewards import stripe_gateway

log = logging.getLogger(__name__)


class FriendCouponMissing(InvalidInput):
    code = "stripe_friend_coupon_missing"


class StripeRefusedCode(InvalidInput):
    code = "stripe_refused"


class StripeUnreachable(Unavailable):
    code = "stripe_unavailable"


def promotion_code_for(
    unit: UnitOfWork, *, merchant: Merchant, promoter_id: str, now: datetime,
    credentials_secrets: list[bytes], stripe_api_base: str | None,
) -> tuple[StripePromotionCode, bool]:
    """The promoter's promotion code, made in Stripe the first time; returns (code, created).

    Commits the unit of work before calling Stripe (nothing is held open across it).
    """
    session = unit.session
    promoter = promoters_service.get_promoter(session, merchant_id=merchant.id,
                                              promoter_id=promoter_id)
    existing = _recorded(session, promoter.id)
    if existing is not None:
        return existing, False
    if promoter.status != "active":
        raise Conflict("A blocked promoter gets no promotion code.", code="promoter_blocked",
                       param="id")
    secret_key = merchants_service.stripe_secret_key(merchant,
                                                     credentials_secrets=credentials_secrets)
    coupon = merchant.stripe_friend_coupon
    if not coupon:
        raise FriendCouponMissing(
            "Set stripe_friend_coupon on the merchant (a coupon made in Stripe) first.",
            param="stripe_friend_coupon")
    merchant_id, promoter_id, code = merchant.id, promoter.id, stripe_code(promoter)
    unit.commit()
    try:
        made = stripe_gateway.create_friend_promotion_code(
            secret_key=secret_key, api_base=stripe_api_base, promoter_id=promoter_id,
            coupon=coupon, code=code)
    except stripe_gateway.StripeUnavailable as exc:
        raise StripeUnreachable("Stripe could not be reached; try again shortly.") from exc
    except stripe_gateway.StripeRefused as exc:
        raise StripeRefusedCode(f"Stripe refused the promotion code: {exc}",
                                param="stripe_friend_coupon") from exc
    row = StripePromotionCode(merchant_id=merchant_id, promoter_id=promoter_id, coupon=coupon,
                              promotion_code_id=made.object_id,
                              code=made.promotion_code or code, created_at=now)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # recorded by a concurrent request for the same promoter
        return _recorded(session, promoter_id), False
    return row, True


def follow_standing(unit: UnitOfWork, *, merchant: Merchant, promoter_id: str,
                    credentials_secrets: list[bytes], stripe_api_base: str | None) -> bool:
    """Set the promoter's code active or not in Stripe as their standing says; whether Stripe
    confirmed it (or there was nothing to tell). Commits the unit of work first."""
    session = unit.session
    row = _recorded(session, promoter_id)
    if row is None or row.synced_version >= row.state_version:
        return True
    row_id, promotion_code_id = row.id, row.promotion_code_id
    active, version = row.active, row.state_version
    try:
        secret_key = merchants_service.stripe_secret_key(
            merchant, credentials_secrets=credentials_secrets)
    except InvalidInput:  # Stripe disconnected: told once it is connected again
        unit.commit()
        return False
    unit.commit()
    try:
        stripe_gateway.set_promotion_code_active(
            secret_key=secret_key, api_base=stripe_api_base,
            promotion_code_id=promotion_code_id, active=active, version=version)
    except (stripe_gateway.StripeUnavailable, stripe_gateway.StripeRefused) as exc:
        log.warning("friend code %s left due for a retry: %s", promotion_code_id,
                    type(exc).__name__)
        return False
    session.execute(update(StripePromotionCode)
                    .where(StripePromotionCode.id == row_id,
                           StripePromotionCode.synced_version < version)
                    .values(synced_version=version))
    unit.commit()
    return True


def follow_standing_due(unit: UnitOfWork, *, credentials_secrets: list[bytes],
                        stripe_api_base: str | None, limit: int = 100) -> dict:
    """Retry every friend code Stripe has not confirmed since its promoter's last change."""
    session = unit.session
    due = session.execute(
        select(StripePromotionCode.merchant_id, StripePromotionCode.promoter_id)
        .where(StripePromotionCode.synced_version < StripePromotionCode.state_version)
        .order_by(StripePromotionCode.id).limit(limit)
    ).all()
    counts = {"synced": 0, "due": 0}
    for merchant_id, promoter_id in due:
        merchant = merchants_service.get_merchant(session, merchant_id=merchant_id)
        done = follow_standing(unit, merchant=merchant, promoter_id=promoter_id,
                               credentials_secrets=credentials_secrets,
                               stripe_api_base=stripe_api_base)
        counts["synced" if done else "due"] += 1
    unit.commit()
    return counts


def promoter_code_for_promotion(session: Session, *, merchant_id: str,
                                promotion_code_id: str) -> str | None:
    """The current referral code of the promoter whose Stripe promotion code this is."""
    return session.scalar(
        select(Promoter.code)
        .join(StripePromotionCode, StripePromotionCode.promoter_id == Promoter.id)
        .where(StripePromotionCode.merchant_id == merchant_id,
               StripePromotionCode.promotion_code_id == promotion_code_id)
    )


def stripe_code(promoter: Promoter) -> str:
    """The promoter's code as Stripe allows it: letters and digits only."""
    return re.sub(r"[^A-Za-z0-9]", "", promoter.code) or promoter.id.rsplit("_", 1)[-1].upper()


def _recorded(session: Session, promoter_id: str) -> StripePromotionCode | None:
    return session.scalars(
        select(StripePromotionCode).where(StripePromotionCode.promoter_id == promoter_id)
        .execution_options(populate_existing=True)
    ).one_or_none()
