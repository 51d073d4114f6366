"""Friend discounts: a promoter's own Stripe promotion code on the merchant's friend coupon.

A referred friend types the promoter's code at Stripe Checkout and gets the coupon's discount;
the purchase names the promotion code, which credits the promoter (double-sided: the promoter
earns under the rules, the friend saved at checkout). The code is made in Stripe with no
database transaction open, under an idempotency key derived from the promoter and coupon, and
recorded afterwards, so a retry or a concurrent request ends with one code.
"""

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import Conflict, InvalidInput, Unavailable
from core.merchants import service as merchants_service
from core.merchants.models import Merchant
from referrals import service as promoters_service
from referrals.models import Promoter
from referrals.stripe_models import StripePromotionCode
from rewards import stripe_gateway


class FriendCouponMissing(InvalidInput):
    code = "stripe_friend_coupon_missing"


class StripeRefusedCode(InvalidInput):
    code = "stripe_refused"


class StripeUnreachable(Unavailable):
    code = "stripe_unavailable"


def promotion_code_for(
    session: Session, *, merchant: Merchant, promoter_id: str, now: datetime,
    credentials_secrets: list[bytes], stripe_api_base: str | None,
) -> tuple[StripePromotionCode, bool]:
    """The promoter's promotion code, made in Stripe the first time; returns (code, created).

    Commits the caller's transaction before calling Stripe (nothing is held open across it).
    """
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
    session.commit()
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
