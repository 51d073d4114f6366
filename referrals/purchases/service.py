"""A paid order: credited to the promoter who referred the buyer, then rewarded by the rules.

Attribution lives here because only the referrals package knows referrals, clicks and codes;
it hands its answer to rewards, which never reaches back.
"""

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, aliased

from core.currencies import is_currency
from core.errors import GoodwordError, InvalidInput
from core.merchants.models import Merchant
from referrals.members import events as member_events
from referrals.promoters import codes, facts
from referrals.promoters import service as promoters_service
from referrals.promoters.models import Promoter
from referrals.signups import fraud
from referrals.signups import service as signups
from referrals.signups.models import Referral
from referrals.stripe import refunds as stripe_refunds
from referrals.stripe import subscriptions as stripe_subscriptions
from rewards.earning import standing
from rewards.events import Award
from rewards.orders import service as orders
from rewards.orders.models import Order
from rewards.program import rules, tiers


def record_purchase(
    session: Session,
    *,
    merchant: Merchant,
    purchase: orders.Purchase,
    now: datetime,
    secret_keys: list[str],
    click_id: str | None = None,
    token: str | None = None,
    code: str | None = None,
    link_max_age: timedelta | None = None,
    follow_earlier_order: bool = False,
    stripe_payment_intent: str | None = None,
    attributed_at: datetime | None = None,
) -> tuple[Order, bool]:
    """Record the order once (by the shop's order id); returns (order, created). Every order
    (the API, Stripe, a subscription renewal) is recorded here, in the caller's unit of work.

    `follow_earlier_order` (subscription renewals): with no referral and no click, token or
    code, the order is credited to the promoter of the customer's latest credited order.
    `stripe_payment_intent`: the shop's order was paid with it, so Stripe refunds of its charges
    claw the order back (also refunds that arrived first).
    `attributed_at`: when the buyer bought, if the money came later (a delayed Stripe payment
    method): the click, token or code is judged then, as it would have been."""
    if stripe_payment_intent:  # claimed first, before any row lock (see rewards.ledger.service)
        stripe_refunds.claim_order_payment(session, merchant_id=merchant.id,
                                           order_reference=purchase.external_id,
                                           payment_intent=stripe_payment_intent, now=now)
        if not purchase.refund_waiting:
            purchase = replace(purchase, refund_waiting=stripe_refunds.refund_waiting(
                session, merchant_id=merchant.id, order_reference=purchase.external_id,
                payment_intent=stripe_payment_intent))
    order, created = _record(session, merchant=merchant, purchase=purchase, now=now,
                             secret_keys=secret_keys, click_id=click_id, token=token, code=code,
                             link_max_age=link_max_age, follow_earlier_order=follow_earlier_order,
                             attributed_at=attributed_at or now)
    if stripe_payment_intent:
        stripe_refunds.apply_waiting_refunds(session, merchant=merchant, order=order, now=now)
    return order, created


def _record(session: Session, *, merchant: Merchant, purchase: orders.Purchase, now: datetime,
            secret_keys: list[str], click_id: str | None, token: str | None, code: str | None,
            link_max_age: timedelta | None, follow_earlier_order: bool,
            attributed_at: datetime) -> tuple[Order, bool]:
    if not is_currency(purchase.currency):
        raise InvalidInput(f"Unknown currency {purchase.currency!r}.", param="currency")
    # Every buyer can become an advocate: they get a code and can hold loyalty points.
    # One customer's orders are recorded one at a time (their row locked), so two orders
    # arriving together cannot both be their "first order" (and both earn a first-order bonus).
    # The buyer's approved referral is taken (FOR KEY SHARE) before the buyer's row, in the
    # order erasure takes them (it rewrites the referral, then locks the promoter); the order's
    # insert would take it anyway, after the buyer, and the two could wait on each other.
    referral = session.scalars(_APPROVED_REFERRAL, {
        "merchant": merchant.id, "referee": purchase.customer_external_id}).one_or_none()
    customer, existing = _locked_customer_and_order(session, merchant.id, purchase, code)
    if existing is None and customer is None:
        existing = orders.find_order(session, merchant_id=merchant.id,
                                     external_id=purchase.external_id)
    if existing is not None:  # a retry: the first answer stands, attribution is not redone
        return orders.same_order(existing, purchase), False
    new_member = False
    if customer is None:
        customer, new_member = promoters_service.enroll_promoter(
            session, merchant_id=merchant.id, now=now, lock=True,
            external_id=purchase.customer_external_id, email=purchase.customer_email,
        )
        read_locked = new_member
    else:
        read_locked = True  # read under its lock just now (_locked_customer_and_order)
    if read_locked:  # (a buyer enrolled just now is this transaction's new, active row)
        # The buyer's row is held FOR NO KEY UPDATE until commit, which a block's FOR UPDATE
        # waits for: the state read with it stands, and the rules' standing guard (a KEY SHARE
        # read) need not read the buyer again.
        standing.note_locked(session, states={customer.id: facts.state_of(customer)})
    credit = _credit(session, merchant=merchant, customer=customer, referral=referral,
                     purchase=purchase, attributed_at=attributed_at,
                     secret_keys=secret_keys, click_id=click_id, token=token, code=code,
                     link_max_age=link_max_age, follow_earlier_order=follow_earlier_order)
    order, created, outcomes = orders.create_order(
        session, merchant=merchant, purchase=purchase, credit=credit,
        evaluate=rules.evaluate, now=now,
        # Every buyer is a member; one this order enrolled earns the welcome with it.
        joined=member_events.joined(merchant_id=merchant.id, promoter_id=customer.id, now=now)
        if new_member else None,
    )
    # In id order, as every lock is taken: two orders paying the same two promoters would
    # otherwise lock their tier rows in opposite orders.
    for promoter_id in sorted({o.promoter_id for o in outcomes if isinstance(o, Award)}):
        tiers.reevaluate(session, merchant_id=merchant.id, promoter_id=promoter_id, now=now)
    return order, created


# Built once, sent with each order's ids: every order asks it.
_CUSTOMER_AND_ORDER = (
    select(Promoter, select(Order.id).where(Order.merchant_id == bindparam("merchant"),
                                            Order.external_id == bindparam("order"))
           .scalar_subquery())
    .where(Promoter.merchant_id == bindparam("merchant"),
           Promoter.external_id == bindparam("customer"))
    .with_for_update(key_share=True, of=Promoter)
    # The state read under the lock is the one the standing guard goes by (note_locked).
    .execution_options(populate_existing=True)
)
# An order with a code: the code's promoter read with it, unlocked as signups.attribute reads
# it (the transactions the buyer's lock may wait for, the buyer's other orders, a block or an
# erasure of the buyer, change no other promoter).
_CODE_PROMOTER = aliased(Promoter)
_CUSTOMER_ORDER_AND_CODE = _CUSTOMER_AND_ORDER.add_columns(_CODE_PROMOTER).outerjoin(
    _CODE_PROMOTER, (_CODE_PROMOTER.merchant_id == bindparam("merchant"))
    & (_CODE_PROMOTER.code_key == bindparam("code_key")))


_APPROVED_REFERRAL = select(Referral).where(
    Referral.merchant_id == bindparam("merchant"),
    Referral.referee_external_id == bindparam("referee"),
    Referral.status == "approved",
).with_for_update(key_share=True)


def _locked_customer_and_order(session: Session, merchant_id: str, purchase: orders.Purchase,
                               code: str | None = None) -> tuple[Promoter | None, Order | None]:
    """The enrolled buyer, their row locked FOR NO KEY UPDATE (as `enroll_promoter(lock=True)`
    locks it: rows pointing at the promoter, such as reward lots, need not wait for it; see
    orders.lock_order), and the order already recorded under the purchase's id, in one
    statement; (None, None) when the buyer is not enrolled. An order recorded by a transaction
    this one waited for is not seen here: its id is then met again by the order's insert. With
    `code`, the code's promoter is read too and noted for `signups.attribute`."""
    parameters = {"merchant": merchant_id, "order": purchase.external_id,
                  "customer": purchase.customer_external_id}
    if code:
        row = session.execute(_CUSTOMER_ORDER_AND_CODE,
                              parameters | {"code_key": codes.code_key(code)}).first()
        if row is not None:
            signups.note_code(session, merchant_id=merchant_id, code=code, promoter=row[-1])
    else:
        row = session.execute(_CUSTOMER_AND_ORDER, parameters).first()
    if row is None:
        return None, None
    customer, order_id = row[:2]
    return customer, (session.get(Order, order_id) if order_id is not None else None)


def find_orders(session: Session, *, merchant_id: str, limit: int,
                starting_after: str | None = None,
                ending_before: str | None = None, external_id: str | None = None,
                stripe_payment_intent: str | None = None, stripe_invoice: str | None = None,
                **filters: Any) -> tuple[list[Order], bool]:
    """The merchant's orders (GET /v1/orders), also found by the Stripe payment that paid
    them: an order Stripe's event recorded is known by its payment intent or invoice id, and
    a shop's order, or an invoice, by the payment intent linked to it."""
    named: list[set[str]] = []
    if external_id is not None:
        named.append({external_id})
    if stripe_invoice is not None:
        named.append({stripe_invoice})
    if stripe_payment_intent is not None:
        linked = stripe_subscriptions.linked_order_reference(
            session, merchant_id=merchant_id, payment_intent=stripe_payment_intent)
        named.append({stripe_payment_intent, *([linked] if linked else [])})
    external_ids = set.intersection(*named) if named else None
    return orders.list_orders(session, merchant_id=merchant_id, limit=limit,
                              starting_after=starting_after,
                              ending_before=ending_before, external_ids=external_ids,
                              **filters)


def earlier_order_promoter(session: Session, *, merchant_id: str,
                           customer_external_id: str) -> str | None:
    """The active promoter credited with this customer's latest credited order, if any."""
    return session.scalar(
        select(Order.promoter_id)
        .join(Promoter, Promoter.id == Order.promoter_id)
        .where(Order.merchant_id == merchant_id,
               Order.customer_external_id == customer_external_id,
               Promoter.status == "active")
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(1)
    )


def _credit(session: Session, *, merchant: Merchant, customer: Promoter,
            referral: Referral | None, purchase: orders.Purchase, attributed_at: datetime,
            secret_keys: list[str], click_id: str | None, token: str | None, code: str | None,
            link_max_age: timedelta | None, follow_earlier_order: bool) -> orders.Credit:
    """The approved referral of this buyer first; else a click, token or code sent with the
    order. A buyer never refers themself, and a blocked promoter is credited nothing.

    The approved referral passed the signup's fraud checks already. A link did not: it is
    checked here by the same self-referral decision a signup is, so a promoter ordering under
    a second account (her mailbox spelled another way, her own browser's click) is recorded
    but credited to nobody, and the order says why (`attribution_refusal`)."""
    customer_id, customer_external_id = customer.id, purchase.customer_external_id
    if referral is not None:
        return orders.Credit(customer_promoter_id=customer_id, promoter_id=referral.promoter_id,
                             referral_id=referral.id, attributed_by="referral",
                             referral_created_at=referral.created_at)
    refusal = None
    attribution = None
    if click_id or token or code:
        try:
            attribution = signups.attribute(session, merchant=merchant, now=attributed_at,
                                            secret_keys=secret_keys, click_id=click_id,
                                            token=token, code=code, link_max_age=link_max_age)
        except GoodwordError as failure:
            # A bad, expired or unknown click does not refuse a paid order: it is recorded,
            # credited to nobody, and says why. A code or link nobody has is still refused.
            if failure.param != "click_id":
                raise
            refusal = failure.code
    if attribution is not None:
        promoter, click = attribution.promoter, attribution.click
        finding = fraud.order_self_referral(session, promoter=promoter, buyer=fraud.Person(
            customer_external_id, purchase.customer_email or customer.email,
            click.visitor_id if click else None))
        refusal = finding.code if finding else None
        if refusal is None and promoter.status == "active":
            return orders.Credit(customer_promoter_id=customer_id, promoter_id=promoter.id,
                                 attributed_by=attribution.attributed_by)
    if follow_earlier_order:
        earlier = earlier_order_promoter(session, merchant_id=merchant.id,
                                         customer_external_id=customer_external_id)
        if earlier is not None and earlier != customer_id:
            return orders.Credit(customer_promoter_id=customer_id, promoter_id=earlier,
                                 attributed_by="renewal")
    return orders.Credit(customer_promoter_id=customer_id, attribution_refusal=refusal)
