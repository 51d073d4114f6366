"""A promoter spending rewards: checked to be this merchant's promoter, then the ledger.

Store credit is issued at once: nothing outside the database to call. A Stripe payout is two
transactions around one Stripe call: the hold is committed first, Stripe is called with keys
derived from the redemption id, and the answer is recorded in a second transaction. If the
process dies in between, `retry_held_payouts` makes the same call again; Stripe answers with the
object it already made, so there is exactly one Stripe object and one ledger posting.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from core.errors import InvalidInput
from core.merchants import service as merchants_service
from core.merchants.models import Merchant
from core.unit_of_work import UnitOfWork
from referrals.promoters import service as promoters_service
from referrals.promoters.models import Promoter
from rewards import stripe_gateway
from rewards.earning import standing
from rewards.redemptions import service as redemptions
from rewards.redemptions.models import Redemption
from rewards.redemptions.service import STRIPE_PAYOUT_KINDS

log = logging.getLogger(__name__)

# A payout held for less than this may still be in its first attempt: the repair job leaves it.
RETRY_AFTER = timedelta(minutes=2)


class PromoterNotStripeCustomer(InvalidInput):
    code = "promoter_not_stripe_customer"


@dataclass(frozen=True)
class _PayoutCall:
    """Everything the Stripe call needs, read before the transaction ends."""

    merchant_id: str
    redemption_id: str
    kind: str
    amount: int
    currency: str
    customer: str | None
    code: str
    secret_key: str


def redeem(
    unit: UnitOfWork, *, merchant: Merchant, promoter_id: str, points: int | None,
    reward_kind: str, now: datetime, credentials_secrets: list[bytes] | None = None,
    stripe_api_base: str | None = None, catalog_reward_id: str | None = None,
) -> Redemption:
    """Hold the points, then issue the reward: store credit at once, a catalog reward at once
    (its code or credit), or a Stripe payout (which commits the hold through `unit` before
    Stripe is called)."""
    session = unit.session
    promoter = promoters_service.get_promoter(
        session, merchant_id=merchant.id, promoter_id=promoter_id
    )
    if catalog_reward_id is not None:
        return redemptions.redeem_catalog_reward(
            session, merchant=merchant, promoter_id=promoter.id,
            catalog_reward_id=catalog_reward_id, now=now)
    if points is None:
        raise InvalidInput("Give the points to redeem, or a catalog_reward.", param="points")
    if reward_kind == "store_credit":
        redemption = redemptions.hold(session, merchant=merchant, promoter_id=promoter.id,
                                      points=points, reward_kind=reward_kind, now=now)
        return redemptions.issue(session, merchant_id=merchant.id, redemption_id=redemption.id,
                                 now=now)
    # Refused before anything is held: not connected, or no Stripe customer to credit.
    merchants_service.stripe_secret_key(merchant, credentials_secrets=credentials_secrets or [])
    if merchant.stripe_payout == "customer_balance" and not _stripe_customer(promoter):
        raise PromoterNotStripeCustomer(
            "A customer balance credit needs the promoter's external_id to be their Stripe "
            "customer id (cus_...).", param="promoter",
        )
    redemption = redemptions.hold(session, merchant=merchant, promoter_id=promoter.id,
                                  points=points, reward_kind=merchant.stripe_payout, now=now)
    return pay_out(unit, merchant_id=merchant.id, redemption_id=redemption.id, now=now,
                   credentials_secrets=credentials_secrets or [],
                   stripe_api_base=stripe_api_base)


def pay_out(unit: UnitOfWork, *, merchant_id: str, redemption_id: str, now: datetime,
            credentials_secrets: list[bytes], stripe_api_base: str | None) -> Redemption:
    """Send a held Stripe payout and record Stripe's answer (first attempt and retries alike).

    Commits the unit of work first: no database transaction may be open while Stripe is
    called, and the hold must be durable before money can go out.
    """
    session = unit.session
    redemption = redemptions.get_redemption(session, merchant_id=merchant_id,
                                            redemption_id=redemption_id)
    if redemption.status != "held" or redemption.reward_kind not in STRIPE_PAYOUT_KINDS:
        return redemption
    # Held before the promoter was blocked or erased (a retry): nothing may reach them now, so
    # the points go back to their lots, as if Stripe had refused. Asked locked (a block waits
    # for this transaction), like every decision that moves points.
    refusal = standing.refusals(session, promoter_ids={redemption.promoter_id}).get(
        redemption.promoter_id)
    if refusal is not None:
        return redemptions.fail(session, merchant_id=merchant_id, redemption_id=redemption_id,
                                reason=refusal.code, now=now)
    call = _payout_call(session, redemption, credentials_secrets)
    unit.commit()
    try:
        payout = _call_stripe(call, stripe_api_base)
    except stripe_gateway.StripeUnavailable:
        # Stays held; `goodword retry-payouts` sends it again with the same idempotency key.
        log.warning("stripe payout %s left held for a retry", call.redemption_id)
        return redemptions.get_redemption(session, merchant_id=merchant_id,
                                          redemption_id=redemption_id)
    except stripe_gateway.StripeRefused as refused:
        return redemptions.fail(session, merchant_id=merchant_id, redemption_id=redemption_id,
                                reason=f"Stripe refused the payout: {refused}", now=now)
    return redemptions.issue(session, merchant_id=merchant_id, redemption_id=redemption_id,
                             now=now, stripe_object_id=payout.object_id,
                             promotion_code=payout.promotion_code)


def retry_held_payouts(unit: UnitOfWork, *, now: datetime, credentials_secrets: list[bytes],
                       stripe_api_base: str | None, retry_after: timedelta = RETRY_AFTER
                       ) -> dict[str, int]:
    """Finish every Stripe payout left held: issued, failed, or still held if Stripe is down.
    Each is committed on its own, so one merchant's revoked key does not stop the others."""
    counts = {"issued": 0, "failed": 0, "held": 0}
    stuck = redemptions.held_stripe_payouts(unit.session, created_before=now - retry_after)
    unit.commit()
    for merchant_id, redemption_id in stuck:
        try:
            redemption = pay_out(unit, merchant_id=merchant_id, redemption_id=redemption_id,
                                 now=now, credentials_secrets=credentials_secrets,
                                 stripe_api_base=stripe_api_base)
        except InvalidInput as exc:  # e.g. Stripe disconnected since: try again once it is back
            unit.rollback()
            log.warning("payout %s not retried: %s", redemption_id, exc.code)
            counts["held"] += 1
            continue
        counts[redemption.status] += 1
        unit.commit()
    return counts


def _payout_call(session: Session, redemption: Redemption, credentials_secrets: list[bytes]
                 ) -> _PayoutCall:
    merchant = merchants_service.get_merchant(session, merchant_id=redemption.merchant_id)
    promoter = session.get_one(Promoter, redemption.promoter_id)
    # Every redemption is held with its amount of money (rewards.redemptions.service.hold).
    assert redemption.credit_amount is not None and redemption.credit_currency is not None
    return _PayoutCall(
        merchant_id=merchant.id, redemption_id=redemption.id, kind=redemption.reward_kind,
        amount=redemption.credit_amount, currency=redemption.credit_currency,
        customer=_stripe_customer(promoter),
        # Derived from the redemption id, so every retry asks for the same code.
        code="REWARD" + redemption.id.rsplit("_", 1)[-1][-12:].upper(),
        secret_key=merchants_service.stripe_secret_key(
            merchant, credentials_secrets=credentials_secrets),
    )


def _call_stripe(call: _PayoutCall, api_base: str | None) -> stripe_gateway.StripePayout:
    if call.kind == "customer_balance":
        if call.customer is None:
            raise stripe_gateway.StripeRefused("the promoter is not a Stripe customer")
        return stripe_gateway.credit_customer_balance(
            secret_key=call.secret_key, api_base=api_base, redemption_id=call.redemption_id,
            customer=call.customer, amount=call.amount, currency=call.currency,
        )
    return stripe_gateway.issue_promotion_code(
        secret_key=call.secret_key, api_base=api_base, redemption_id=call.redemption_id,
        amount=call.amount, currency=call.currency, code=call.code,
    )


def _stripe_customer(promoter: Promoter) -> str | None:
    external_id = promoter.external_id or ""
    return external_id if external_id.startswith("cus_") else None
