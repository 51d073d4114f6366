"""Stripe webhooks: purchases credited to promoters and refunds clawed back, without the shop
calling POST /v1/orders.

Each event is believed only if its signature is good, and is acted on once: its id is stored
under a unique constraint in the same transaction as its effect. Stripe does not promise
order, so a refund whose payment has not arrived is kept and applied when the payment comes.
"""

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from core.currencies import from_stripe_amount
from core.errors import GoodwordError
from core.merchants import service as merchants_service
from core.merchants.models import Merchant
from referrals.promoters import service as promoters_service
from referrals.purchases import service as purchases
from referrals.signups import emails
from referrals.signups import service as signups
from referrals.signups.models import Referral
from referrals.stripe import friend_codes, pending
from referrals.stripe import refunds as stripe_refunds
from referrals.stripe import subscriptions as stripe_subscriptions
from referrals.stripe.models import StripeEvent
from rewards import stripe_gateway
from rewards.orders import service as orders

log = logging.getLogger(__name__)

HANDLED = ("checkout.session.completed", "checkout.session.async_payment_succeeded",
           "checkout.session.async_payment_failed", "payment_intent.processing",
           "payment_intent.succeeded", "invoice.paid", "invoice_payment.paid", "charge.refunded",
           "charge.succeeded")
# Checkout's events that carry the session; the async ones settle a delayed payment method.
CHECKOUT_PAID = ("checkout.session.completed", "checkout.session.async_payment_succeeded")


@dataclass(frozen=True)
class Receipt:
    event_id: str
    type: str
    outcome: str
    duplicate: bool = False


@dataclass(frozen=True)
class StripePayment:
    reference: str  # the payment intent id; a checkout session's own id when it has none
    customer: str | None
    email: str | None
    amount: int
    currency: str
    # Referral evidence the shop passed to Stripe: click_id, token or code.
    hints: dict[str, str] = field(default_factory=dict)
    # For an invoice: its subscription, when its service period starts, the payments paying it.
    subscription: str | None = None
    service_start: datetime | None = None
    payment_intents: tuple[str, ...] = ()
    # The Stripe fingerprint of the card that paid, when the event carries its charge.
    card_fingerprint: str | None = None


def receive(
    session: Session,
    *,
    merchant_id: str,
    payload: bytes,
    signature: str | None,
    now: datetime,
    secret_keys: list[str],
    credentials_secrets: list[bytes],
    link_max_age: timedelta | None = None,
    evidence_secret: bytes | None = None,
) -> Receipt:
    """Verify one webhook delivery and act on it once. `evidence_secret`: the key card
    fingerprints are hashed with (as addresses are), to be kept as evidence."""
    merchant = merchants_service.get_merchant(session, merchant_id=merchant_id)
    webhook_secret = merchants_service.stripe_webhook_secret(
        merchant, credentials_secrets=credentials_secrets)
    event = stripe_gateway.verify_event(payload, signature=signature,
                                        webhook_secret=webhook_secret, now=now)
    record = StripeEvent(merchant_id=merchant.id, event_id=str(event.get("id"))[:255],
                         type=str(event.get("type"))[:100], outcome="received", received_at=now)
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError:
        # Delivered before (Stripe retries, or someone replays a captured request).
        return Receipt(record.event_id, record.type, "duplicate", duplicate=True)
    stripe_object = event["data"].get("object") or {}
    try:
        with session.begin_nested():
            record.outcome = _act(session, merchant, record, stripe_object, now=now,
                                  secret_keys=secret_keys, link_max_age=link_max_age,
                                  evidence_secret=evidence_secret)
    except GoodwordError as refused:
        # Stripe would redeliver a 4xx for days and it would never succeed: keep the event
        # (so a redelivery is a no-op), say why, and change nothing else.
        log.warning("stripe event %s (%s) for %s not applied: %s", record.event_id, record.type,
                    merchant.id, refused.code)
        record.outcome = f"rejected_{refused.code}"[:40]
    except (TypeError, ValueError, AttributeError, KeyError, OverflowError, DataError):
        # Signed, so from Stripe (or whoever holds the signing secret), but not in a shape
        # Stripe documents: its effect is rolled back with its savepoint and it is kept, so a
        # redelivery does not fail for days.
        log.warning("stripe event %s (%s) for %s is malformed; not applied", record.event_id,
                    record.type, merchant.id, exc_info=True)
        record.outcome = "rejected_malformed"
    session.flush()
    return Receipt(record.event_id, record.type, record.outcome)


def _act(session: Session, merchant: Merchant, record: StripeEvent, stripe_object: dict[str, Any],
         *, now: datetime, secret_keys: list[str], link_max_age: timedelta | None,
         evidence_secret: bytes | None = None) -> str:
    if record.type in CHECKOUT_PAID:
        if stripe_object.get("mode") == "subscription":
            # Its invoices are the orders, recorded when paid (a delayed method's first invoice
            # too, days later): the session, paid yet or not, carries the referral evidence.
            return _subscription_checkout(session, merchant, record, stripe_object, now=now,
                                          secret_keys=secret_keys, link_max_age=link_max_age)
        payment = _from_checkout_session(stripe_object)
        if stripe_object.get("payment_status") not in ("paid", "no_payment_required"):
            return _keep_unpaid(session, merchant, record, payment, now=now,
                                checkout_session=str(stripe_object.get("id")))
    elif record.type == "checkout.session.async_payment_failed":
        payment = _from_checkout_session(stripe_object)
        record.payment_reference = payment.reference
        closed = pending.close(session, merchant_id=merchant.id, reference=payment.reference,
                               status="failed", now=now)
        return "payment_failed" if closed else "ignored_payment_failed"
    elif record.type == "payment_intent.processing":
        if stripe_object.get("invoice"):
            return "ignored_invoice"
        payment = _from_payment_intent(stripe_object)
        if stripe_subscriptions.linked_order_reference(
                session, merchant_id=merchant.id,
                payment_intent=payment.reference) not in (None, payment.reference):
            return "ignored_invoice"
        return _keep_unpaid(session, merchant, record, payment, now=now)
    elif record.type == "payment_intent.succeeded":
        if stripe_object.get("invoice"):
            return "ignored_invoice"  # API versions before 2025-03-31 name an invoice's payment
        payment = _from_payment_intent(stripe_object)
        if stripe_subscriptions.linked_order_reference(
                session, merchant_id=merchant.id,
                payment_intent=payment.reference) not in (None, payment.reference):
            return "ignored_invoice"  # it paid an invoice: invoice.paid is that order
    elif record.type == "invoice.paid":
        return _invoice_paid(session, merchant, record, stripe_object, now=now,
                             secret_keys=secret_keys, link_max_age=link_max_age)
    elif record.type == "invoice_payment.paid":
        return _invoice_payment_paid(session, merchant, record, stripe_object, now=now)
    elif record.type == "charge.refunded":
        return _refund(session, merchant, record, stripe_object, now=now)
    elif record.type == "charge.succeeded":
        return _charge(session, merchant, record, stripe_object, now=now,
                       evidence_secret=evidence_secret)
    else:
        return "ignored_type"
    record.payment_reference = payment.reference
    card_hash = promoters_service.card_hash_of(
        payment.card_fingerprint, secret=evidence_secret) if evidence_secret else None
    outcome = _purchase(session, merchant, payment, now=now, secret_keys=secret_keys,
                        link_max_age=link_max_age, claim=True, card_hash=card_hash)
    if outcome != "ignored_no_customer" or record.type in CHECKOUT_PAID:
        # Settled, whether it earned or not. (Checkout's payment intent may name no buyer:
        # the kept purchase then waits for the session's async_payment_succeeded, which does.)
        pending.close(session, merchant_id=merchant.id, reference=payment.reference,
                      status="paid", now=now)
    return outcome


def _keep_unpaid(session: Session, merchant: Merchant, record: StripeEvent,
                 payment: StripePayment, *, now: datetime,
                 checkout_session: str | None = None) -> str:
    """A delayed payment method: bought now, paid days later (or never). The evidence is kept,
    so the payment's settling event is credited as the purchase would have been."""
    record.payment_reference = payment.reference
    if not payment.hints and pending.purchase(
            session, merchant_id=merchant.id, reference=payment.reference) is None:
        # Nothing time-bound to keep: an approved referral (by email) credits the settling
        # event as well, and everyone else's purchases are none of our business.
        return "ignored_unreferred"
    return pending.keep(session, merchant_id=merchant.id, reference=payment.reference,
                        hints=payment.hints, customer=payment.customer,
                        checkout_session=checkout_session, now=now)


def _invoice_paid(session: Session, merchant: Merchant, record: StripeEvent,
                  invoice: dict[str, Any], *, now: datetime, secret_keys: list[str],
                  link_max_age: timedelta | None) -> str:
    """Each paid invoice is an order, once by its invoice id. A subscription's invoices are
    placed in it first (even unreferred ones, so "first" means the subscription's first), and
    a renewal nobody else claims stays with the promoter of the customer's earlier order."""
    payment = _from_invoice(invoice)
    record.payment_reference = payment.reference
    # Its payment intents are claimed first, before any row lock (see rewards.ledger.service). One
    # the shop already named for its own order (POST /v1/orders stripe_payment_intent), even at
    # this moment: the invoice is placed in its subscription, not recorded again.
    stripe_refunds.lock_payments(session, merchant_id=merchant.id,
                                 references=payment.payment_intents)
    for payment_intent in payment.payment_intents:
        stripe_subscriptions.claim_payment(session, merchant_id=merchant.id,
                                           payment_intent=payment_intent,
                                           order_reference=payment.reference, now=now)
    paid_elsewhere = any(
        paid is not None and paid.external_id != payment.reference
        for paid in (stripe_subscriptions.order_paid_by(session, merchant_id=merchant.id,
                                                        reference=payment_intent)
                     for payment_intent in payment.payment_intents))
    if payment.amount <= 0:
        return "ignored_zero_amount"
    placement = bought_at = None
    if payment.subscription:
        placement = stripe_subscriptions.place_invoice(
            session, merchant_id=merchant.id, subscription_id=payment.subscription,
            invoice_id=payment.reference, service_start=payment.service_start or now, now=now)
        from_checkout, noted_at = stripe_subscriptions.checkout_hints(
            session, merchant_id=merchant.id, subscription_id=payment.subscription)
        if placement.first and from_checkout:
            # A delayed method pays the first invoice days after its Checkout Session: the
            # session's evidence is judged when the subscriber bought, as a one-off's is.
            bought_at = noted_at
        payment = StripePayment(**{**payment.__dict__,
                                   "hints": {**from_checkout, **payment.hints}})
    if paid_elsewhere:
        return "duplicate_payment"
    outcome = _purchase(session, merchant, payment, now=now, secret_keys=secret_keys,
                        link_max_age=link_max_age, invoice=placement,
                        follow_earlier_order=placement is not None, bought_at=bought_at)
    if (outcome == "ignored_unreferred" and placement is not None and placement.first
            and payment.subscription is not None):  # placed: the invoice has a subscription
        stripe_subscriptions.keep_waiting_invoice(
            session, merchant_id=merchant.id, subscription_id=payment.subscription, now=now,
            invoice={"reference": payment.reference, "customer": payment.customer,
                     "email": payment.email, "amount": payment.amount,
                     "currency": payment.currency,
                     "service_start": (payment.service_start or now).isoformat()})
    return outcome


def _invoice_payment_paid(session: Session, merchant: Merchant, record: StripeEvent,
                          invoice_payment: dict[str, Any], *, now: datetime) -> str:
    """Since API version 2025-03-31 an invoice no longer names its payment intent: this event
    does. Linking them lets a refund of the charge find the invoice's order."""
    payment_intent = _id((invoice_payment.get("payment") or {}).get("payment_intent"))
    invoice_id = _id(invoice_payment.get("invoice"))
    if invoice_payment.get("status") != "paid" or not payment_intent or not invoice_id:
        return "ignored_unpaid"
    record.payment_reference = payment_intent
    stripe_refunds.lock_payments(session, merchant_id=merchant.id, references=[payment_intent])
    stripe_subscriptions.claim_payment(session, merchant_id=merchant.id,
                                       payment_intent=payment_intent, order_reference=invoice_id,
                                       now=now)
    order = orders.find_order(session, merchant_id=merchant.id, external_id=invoice_id)
    if order is not None:
        stripe_refunds.apply_waiting_refunds(session, merchant=merchant, order=order, now=now)
    return "payment_linked"


def _subscription_checkout(session: Session, merchant: Merchant, record: StripeEvent,
                           checkout: dict[str, Any], *, now: datetime, secret_keys: list[str],
                           link_max_age: timedelta | None) -> str:
    """A Checkout Session that starts a subscription is paid through the subscription's first
    invoice (invoice.paid records it); the session only carries the referral evidence. If the
    first invoice came first and nobody claimed it, it is recorded now with that evidence."""
    subscription = _id(checkout.get("subscription"))
    record.payment_reference = subscription
    hints = _resolved(session, merchant, _hints(
        checkout.get("client_reference_id"), checkout.get("metadata"), checkout.get("discounts")))
    if not subscription or not hints:
        if subscription:  # nobody referred the subscriber: their waiting invoice is not ours
            stripe_subscriptions.take_waiting_invoice(session, merchant_id=merchant.id,
                                                      subscription_id=subscription)
        return "ignored_subscription_checkout"
    stripe_subscriptions.note_checkout_hints(session, merchant_id=merchant.id,
                                             subscription_id=subscription, hints=hints, now=now)
    waiting = stripe_subscriptions.take_waiting_invoice(session, merchant_id=merchant.id,
                                                        subscription_id=subscription)
    if waiting is None:
        return "subscription_noted"
    invoice, placement = waiting
    payment = StripePayment(
        reference=invoice["reference"], customer=invoice["customer"], email=invoice["email"],
        amount=invoice["amount"], currency=invoice["currency"], hints=hints,
        subscription=subscription)
    outcome = _purchase(session, merchant, payment, now=now, secret_keys=secret_keys,
                        link_max_age=link_max_age, invoice=placement, follow_earlier_order=True)
    return f"invoice_{outcome}"[:40]


def _purchase(session: Session, merchant: Merchant, payment: StripePayment, *, now: datetime,
              secret_keys: list[str], link_max_age: timedelta | None,
              invoice: orders.Invoice | None = None,
              follow_earlier_order: bool = False, claim: bool = False,
              bought_at: datetime | None = None, card_hash: str | None = None) -> str:
    """Record a referred Stripe payment as an order under its reference. `claim`: the reference
    is a payment intent (or checkout session) paying this order alone, claimed here before any
    row lock, so a shop posting its own order with it at the same moment makes one order.
    `bought_at`: when the buyer bought, if before now (evidence is judged then). `card_hash`:
    the paying card's hashed fingerprint, judged against the promoter's own cards and kept as
    the buyer's (also when the purchase is nobody's referral and the buyer is a promoter)."""
    if stripe_subscriptions.order_paid_by(session, merchant_id=merchant.id,
                                          reference=payment.reference):
        # Checkout sends both checkout.session.completed and payment_intent.succeeded for one
        # payment: whichever arrives first records the order. A shop that posted its order
        # with this payment intent (POST /v1/orders stripe_payment_intent) has recorded it.
        return "duplicate_payment"
    if payment.amount <= 0:
        return "ignored_zero_amount"
    attributed_at = min(bought_at or now, now)
    kept = pending.purchase(session, merchant_id=merchant.id, reference=payment.reference)
    if kept is not None:
        # A delayed payment settling: credited by what the purchase carried, judged when the
        # buyer bought (a SEPA debit takes up to 14 days; the click's window does not wait).
        payment = replace(payment, hints={**payment.hints, **kept.hints},
                          customer=payment.customer or kept.customer)
        attributed_at = kept.started_at
    customer_external_id, referred = _customer(session, merchant, payment)
    if customer_external_id is None:
        log.info("stripe payment %s for %s has no customer or email; ignored",
                 payment.reference, merchant.id)
        return "ignored_no_customer"
    hint = _first_valid_hint(session, merchant, payment.hints, now=attributed_at,
                             secret_keys=secret_keys, link_max_age=link_max_age)
    renewal = follow_earlier_order and not hint and not referred and (
        purchases.earlier_order_promoter(session, merchant_id=merchant.id,
                                         customer_external_id=customer_external_id)
        is not None)
    if not hint and not referred and not renewal:
        if card_hash:
            purchases.remember_buyers_card(session, merchant_id=merchant.id,
                                           customer_external_id=customer_external_id,
                                           card_hash=card_hash, now=now)
        # Only referred purchases come in from Stripe: everyone else's are none of our
        # business, and recording them would enrol every buyer of the shop as a promoter.
        log.info("stripe payment %s for %s: a customer nobody referred; ignored",
                 payment.reference, merchant.id)
        return "ignored_unreferred"
    if claim:
        stripe_refunds.lock_payments(session, merchant_id=merchant.id,
                                     references=[payment.reference])
        if stripe_subscriptions.claim_payment(
                session, merchant_id=merchant.id, payment_intent=payment.reference,
                order_reference=payment.reference, now=now) != payment.reference:
            return "duplicate_payment"  # the shop's order, committed while we waited for it
    order, created = purchases.record_purchase(
        session, merchant=merchant, now=now, secret_keys=secret_keys, link_max_age=link_max_age,
        purchase=orders.Purchase(
            external_id=payment.reference, customer_external_id=customer_external_id,
            amount=payment.amount, currency=payment.currency.upper(), customer_email=payment.email,
            invoice=invoice, refund_waiting=stripe_refunds.refund_waiting(
                session, merchant_id=merchant.id, order_reference=payment.reference),
            evidence=orders.BuyerEvidence(card_hash=card_hash) if card_hash else None,
        ),
        follow_earlier_order=follow_earlier_order, attributed_at=attributed_at,
        **hint,
    )
    stripe_refunds.apply_waiting_refunds(session, merchant=merchant, order=order, now=now)
    # Not created: the other event of this payment (Checkout sends two) recorded it while
    # this one waited for the payment's lock.
    return "order_recorded" if created else "duplicate_payment"


def _customer(session: Session, merchant: Merchant, payment: StripePayment
              ) -> tuple[str | None, bool]:
    """Who bought, as the shop knows them, and whether a referral (approved, or held for
    review: the order is then held with it) names them.

    An email matching such a referral's friend means the friend the promoter referred:
    the order is theirs under the id they signed up with, so it counts as their first order.
    """
    email_key = emails.mailbox_key(payment.email)
    if email_key:
        referral = session.scalars(
            select(Referral).where(Referral.merchant_id == merchant.id,
                                   Referral.referee_email_key == email_key,
                                   Referral.status != "rejected")
            .order_by(Referral.created_at)
        ).first()
        if referral is not None:
            return referral.referee_external_id, True
    customer = payment.customer or emails.normalise_email(payment.email)
    if customer is None:
        return None, False
    referred = session.scalar(
        select(Referral.id).where(Referral.merchant_id == merchant.id,
                                  Referral.referee_external_id == customer,
                                  Referral.status != "rejected")
    )
    return customer, referred is not None


def _first_valid_hint(session: Session, merchant: Merchant, hints: dict[str, str], *,
                      now: datetime, secret_keys: list[str], link_max_age: timedelta | None
                      ) -> dict[str, str]:
    """The first of click id, token and promotion code that names a promoter; a stale or
    forged one is passed over, never an error Stripe would retry for days."""
    hints = _resolved(session, merchant, hints)
    for name in ("click_id", "token", "code"):
        value = hints.get(name)
        if not value:
            continue
        try:
            with session.begin_nested():
                signups.attribute(session, merchant=merchant, now=now, secret_keys=secret_keys,
                                  link_max_age=link_max_age, **{"click_id": None, "token": None,
                                                                "code": None, name: value})
        except GoodwordError:
            continue
        return {name: value}
    return {}


def _charge(session: Session, merchant: Merchant, record: StripeEvent, charge: dict[str, Any],
            *, now: datetime, evidence_secret: bytes | None) -> str:
    """The card that paid (its fingerprint), for the evidence: kept as the buyer's when the
    buyer is a promoter, and judged against the promoter credited with the order it paid if
    that order was recorded first (then a card of the promoter's own rejects the credit and
    claws its rewards back). A charge arriving before its order tells that order nothing."""
    fingerprint = _card_fingerprint({"latest_charge": charge})
    payment_intent = _id(charge.get("payment_intent"))
    if not fingerprint or not evidence_secret:
        return "ignored_no_card"
    card_hash = promoters_service.card_hash_of(fingerprint, secret=evidence_secret)
    assert card_hash is not None
    reference = payment_intent or str(charge.get("id"))
    record.payment_reference = reference[:255]
    # The payment's lock first, as its purchase takes it: the order is either recorded and
    # seen here, or recorded after this charge is.
    stripe_refunds.lock_payments(session, merchant_id=merchant.id, references=[reference])
    order = stripe_subscriptions.order_paid_by(session, merchant_id=merchant.id,
                                               reference=reference)
    if order is not None:
        return purchases.judge_card_later(session, merchant=merchant, order=order,
                                          card_hash=card_hash, now=now)
    customer, _ = _customer(session, merchant, StripePayment(
        reference=reference, customer=_id(charge.get("customer")),
        email=(charge.get("billing_details") or {}).get("email") or charge.get("receipt_email"),
        amount=0, currency=""))
    if customer is not None:
        purchases.remember_buyers_card(session, merchant_id=merchant.id,
                                       customer_external_id=customer, card_hash=card_hash,
                                       now=now)
    return "card_remembered"


def _refund(session: Session, merchant: Merchant, record: StripeEvent, charge: dict[str, Any],
            *, now: datetime) -> str:
    currency = str(charge.get("currency") or "")
    refunded_total = from_stripe_amount(int(charge.get("amount_refunded") or 0), currency)
    refunds = (charge.get("refunds") or {}).get("data") or []
    newest = max(refunds, key=lambda refund: refund.get("created") or 0, default=None)
    return stripe_refunds.charge_refunded(
        session, merchant=merchant, record=record, charge_id=str(charge.get("id")),
        payment_intent=_id(charge.get("payment_intent")), refunded_total=refunded_total,
        charge_amount=from_stripe_amount(int(charge.get("amount") or 0), currency),
        charge_currency=currency,
        refund_external_id=(newest["id"] if newest and isinstance(newest.get("id"), str)
                            else f"{charge.get('id')}:{refunded_total}"),
        now=now)


def _from_checkout_session(checkout: dict[str, Any]) -> StripePayment:
    details = checkout.get("customer_details") or {}
    return StripePayment(
        reference=_id(checkout.get("payment_intent")) or str(checkout.get("id")),
        customer=_id(checkout.get("customer")),
        email=details.get("email") or checkout.get("customer_email"),
        amount=from_stripe_amount(int(checkout.get("amount_total") or 0),
                                  str(checkout.get("currency") or "")),
        currency=str(checkout.get("currency") or ""),
        hints=_hints(checkout.get("client_reference_id"), checkout.get("metadata"),
                     checkout.get("discounts")),
        card_fingerprint=_card_fingerprint(checkout.get("payment_intent")),
    )


def _from_invoice(invoice: dict[str, Any]) -> StripePayment:
    parent = invoice.get("parent") or {}
    # API versions before 2025-03-31 put the subscription's details on the invoice itself.
    details = parent.get("subscription_details") or invoice.get("subscription_details") or {}
    metadata = {**(details.get("metadata") or {}), **(invoice.get("metadata") or {})}
    lines = (invoice.get("lines") or {}).get("data") or []
    # The service period the invoice pays for; an invoice's own period_start is the previous
    # period's for a renewal, so the lines say it best.
    starts = [line["period"]["start"] for line in lines
              if isinstance(line, dict) and isinstance(line.get("period"), dict)
              and isinstance(line["period"].get("start"), int)]
    service_start = min(starts) if starts else invoice.get("created")
    payments = (invoice.get("payments") or {}).get("data") or []
    intents = [_id((item.get("payment") or {}).get("payment_intent"))
               for item in payments if isinstance(item, dict)]
    intents.append(_id(invoice.get("payment_intent")))  # before 2025-03-31: its payment
    # An invoice's `discounts` are bare discount ids (di_...) in a webhook; older API versions
    # also send `discount`, the object itself, naming its promotion code by id.
    discounts = [*(invoice.get("discounts") or []), invoice.get("discount")]
    return StripePayment(
        reference=str(invoice.get("id")),
        customer=_id(invoice.get("customer")),
        email=invoice.get("customer_email"),
        amount=from_stripe_amount(int(invoice.get("amount_paid") or 0),
                                  str(invoice.get("currency") or "")),
        currency=str(invoice.get("currency") or ""),
        hints=_hints(None, metadata, discounts),
        # Older API versions name the subscription on the invoice itself.
        subscription=_id(details.get("subscription")) or _id(invoice.get("subscription")),
        service_start=(datetime.fromtimestamp(service_start, UTC)
                       if isinstance(service_start, int) else None),
        payment_intents=tuple(dict.fromkeys(intent for intent in intents if intent)),
    )


def _card_fingerprint(intent: Any) -> str | None:
    """payment_method_details.card.fingerprint of the payment intent's charge, when the event
    carries it: its expanded latest_charge, or its charges list (API versions before
    2022-11-15). Stripe gives one card the same fingerprint on one account."""
    if not isinstance(intent, dict):
        return None
    charges = [intent.get("latest_charge"), *((intent.get("charges") or {}).get("data") or [])]
    for charge in charges:
        if isinstance(charge, dict):
            card = (charge.get("payment_method_details") or {}).get("card") or {}
            if isinstance(card, dict) and isinstance(card.get("fingerprint"), str):
                return card["fingerprint"][:255] or None
    return None


def _from_payment_intent(intent: dict[str, Any]) -> StripePayment:
    return StripePayment(
        reference=str(intent.get("id")),
        customer=_id(intent.get("customer")),
        email=intent.get("receipt_email"),
        amount=from_stripe_amount(int(intent.get("amount_received") or intent.get("amount") or 0),
                                  str(intent.get("currency") or "")),
        currency=str(intent.get("currency") or ""),
        hints=_hints(None, intent.get("metadata"), None),
        card_fingerprint=_card_fingerprint(intent),
    )


def _hints(client_reference_id: Any, metadata: Any, discounts: Any) -> dict[str, str]:
    """Referral evidence, strongest first: a click id or signed token the shop put in
    `client_reference_id` or metadata, then a promotion code that is a promoter's code."""
    metadata = metadata if isinstance(metadata, dict) else {}
    hints = {
        "click_id": metadata.get("goodword_click_id"),
        "token": metadata.get("goodword_token"),
        "code": metadata.get("goodword_code"),
    }
    if isinstance(client_reference_id, str) and client_reference_id:
        key = "click_id" if client_reference_id.startswith("clk_") else "token"
        hints[key] = hints[key] or client_reference_id
    for discount in discounts or []:
        promotion = discount.get("promotion_code") if isinstance(discount, dict) else None
        # A bare promotion code id is looked up among promoters' own codes (never by calling
        # Stripe from a webhook transaction); an expanded one also carries the typed code.
        if not hints.get("promotion_code_id"):
            hints["promotion_code_id"] = _id(promotion)
        if isinstance(promotion, dict) and promotion.get("code") and not hints["code"]:
            hints["code"] = promotion["code"]
    return {name: str(value)[:512] for name, value in hints.items() if value}


def _resolved(session: Session, merchant: Merchant, hints: dict[str, str]) -> dict[str, str]:
    """Hints with a promoter's promotion code id replaced by that promoter's code."""
    hints = dict(hints)
    promotion_code_id = hints.pop("promotion_code_id", None)
    if promotion_code_id:
        code = friend_codes.promoter_code_for_promotion(
            session, merchant_id=merchant.id, promotion_code_id=promotion_code_id)
        if code:
            hints["code"] = code
    return hints


def _id(value: object) -> str | None:
    """A Stripe reference, whether sent as an id or expanded into the object."""
    if isinstance(value, dict):
        value = value.get("id")
    return str(value) if value else None
