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
from referrals.clicks.models import Click
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
    # The buyer's referral is taken (FOR KEY SHARE) before the buyer's row, in the
    # order erasure takes them (it rewrites the referral, then locks the promoter); the order's
    # insert would take it anyway, after the buyer, and the two could wait on each other.
    referral = session.scalars(_BUYERS_REFERRAL, {
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
    if created and purchase.evidence and purchase.evidence.card_hash:
        # The buyer's card is their own evidence: a purchase they refer paid with it later is
        # theirs. Kept under the card's lock (taken already if the order was scored).
        signups.lock_evidence(session, merchant_id=merchant.id,
                              card_hash=purchase.evidence.card_hash)
        promoters_service.remember_card(session, promoter=customer,
                                        card_hash=purchase.evidence.card_hash, now=now)
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


# The buyer's referral, whatever its status: an approved one credits the order, one held for
# review credits it on hold, a rejected one counts against its promoter's link. A decision on it
# (FOR UPDATE) waits for the order, or the order for the decision, never both at once.
_BUYERS_REFERRAL = select(Referral).where(
    Referral.merchant_id == bindparam("merchant"),
    Referral.referee_external_id == bindparam("referee"),
).with_for_update(key_share=True).execution_options(populate_existing=True)


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


def remember_buyers_card(session: Session, *, merchant_id: str, customer_external_id: str,
                         card_hash: str, now: datetime) -> None:
    """A purchase recorded nowhere (nobody referred it) still tells which card a promoter
    pays with: kept, so a purchase they refer paid with it is recognised as theirs."""
    buyer = session.scalars(select(Promoter).where(
        Promoter.merchant_id == merchant_id, Promoter.external_id == customer_external_id)
    ).one_or_none()
    if buyer is not None:
        signups.lock_evidence(session, merchant_id=merchant_id, card_hash=card_hash)
        promoters_service.remember_card(session, promoter=buyer, card_hash=card_hash, now=now)


def judge_card_later(session: Session, *, merchant: Merchant, order: Order, card_hash: str,
                     now: datetime) -> str:
    """The card of an order recorded before its charge came (Stripe sends them in any order):
    kept on the order and as the buyer's, and if it is a card the credited promoter paid with,
    the credit is rejected and its referral rewards clawed back, as a person rejecting it would.
    Returns the webhook's outcome."""
    buyer = session.scalars(select(Promoter).where(
        Promoter.merchant_id == order.merchant_id,
        Promoter.external_id == order.customer_external_id)).one_or_none()
    signups.lock_evidence(session, merchant_id=merchant.id, card_hash=card_hash)
    if order.card_hash is None:
        order.card_hash = card_hash
    if buyer is not None:
        promoters_service.remember_card(session, promoter=buyer, card_hash=card_hash, now=now)
    if order.promoter_id is None or order.risk_status not in ("approved", "pending_review"):
        return "card_remembered"
    promoter = session.get_one(Promoter, order.promoter_id)
    if not signups.card_is_promoters(session, promoter=promoter, card_hash=card_hash):
        return "card_remembered"
    orders.decide_credit(session, merchant_id=merchant.id, order_ids=[order.id], approve=False,
                         reason={"code": "same_card_as_promoter", "message": (
                             "The friend paid with a card the promoter paid with on their own "
                             "purchases (the same Stripe card fingerprint), seen when Stripe "
                             "sent the charge after the order.")}, now=now)
    return "card_rejected_credit"


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
    """The buyer's referral first (approved, or held for review: then so is the order); else
    a click, token or code sent with the order. A buyer never refers themself, and a blocked
    promoter is credited nothing.

    A link is checked by the same self-referral decision a signup is, so a promoter ordering
    under a second account (her mailbox spelled another way, her own browser's click) is
    recorded but credited to nobody, and the order says why (`attribution_refusal`). Then every
    credit is scored by the signup's risk signals that make sense at a checkout and the order's
    own (referrals.signups.order_risk): at the merchant's reject score the order is credited to
    nobody (`risk_rejected`), at the review score its rewards stay pending until decided."""
    customer_id, customer_external_id = customer.id, purchase.customer_external_id
    judge = _Judge(session, merchant, customer, purchase, attributed_at)
    if referral is not None and referral.status != "rejected":
        return judge.credit(
            session.get_one(Promoter, referral.promoter_id), referral, None,
            orders.Credit(customer_promoter_id=customer_id, promoter_id=referral.promoter_id,
                          referral_id=referral.id, attributed_by="referral",
                          referral_created_at=referral.created_at))
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
            # The buyer's rejected referral counts against the same promoter's link.
            same = referral if referral is not None and (
                referral.promoter_id == promoter.id) else None
            return judge.credit(promoter, same, click, orders.Credit(
                customer_promoter_id=customer_id, promoter_id=promoter.id,
                attributed_by=attribution.attributed_by))
    if follow_earlier_order:
        earlier = earlier_order_promoter(session, merchant_id=merchant.id,
                                         customer_external_id=customer_external_id)
        if earlier is not None and earlier != customer_id:
            # A renewal follows the order it renews, which was judged when it was made.
            return orders.Credit(customer_promoter_id=customer_id, promoter_id=earlier,
                                 attributed_by="renewal")
    return orders.Credit(customer_promoter_id=customer_id, attribution_refusal=refusal)


class _Judge:
    """Scores a credit (signups.judge_order) and writes the decision into it."""

    def __init__(self, session: Session, merchant: Merchant, customer: Promoter,
                 purchase: orders.Purchase, attributed_at: datetime) -> None:
        self.session, self.merchant, self.customer = session, merchant, customer
        self.purchase, self.attributed_at = purchase, attributed_at

    def credit(self, promoter: Promoter, referral: Referral | None, click: Click | None,
               credit: orders.Credit) -> orders.Credit:
        purchase = self.purchase
        judged = signups.judge_order(
            self.session, promoter=promoter, buyer=signups.Buyer(
                purchase.customer_external_id, purchase.customer_email or self.customer.email,
                purchase.evidence or orders.BuyerEvidence()),
            referral=referral, click=click,
            attributed_by=credit.attributed_by or "referral",
            shop_domains=tuple(self.merchant.allowed_domains or ()), now=self.attributed_at)
        if judged.status == "rejected":
            credit = orders.Credit(customer_promoter_id=credit.customer_promoter_id,
                                   attribution_refusal="risk_rejected")
        return replace(credit, risk_status=judged.status, risk_score=judged.score,
                       risk_reasons=judged.reasons)
