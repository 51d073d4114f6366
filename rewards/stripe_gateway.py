"""Every call to Stripe, and the only module that imports `stripe`, on one pinned API version.

Nothing here touches the database: callers commit their pending row first, call in here with
a deterministic idempotency key, and record the answer in a second transaction. A retry with
the same redemption id therefore finds the object the first call made instead of making another.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Literal

import stripe

from core.currencies import to_stripe_amount
from rewards.errors import StripeSignatureInvalid

log = logging.getLogger(__name__)

# Pinned: payloads and parameters below are written against this version, whatever the
# merchant's account default is. Bump it deliberately, with the tests.
API_VERSION = "2026-10-28.endive"
# Stripe's own default: an event signed longer ago than this is refused as a possible replay.
SIGNATURE_TOLERANCE_SECONDS = 300
# Each attempt waits this long for Stripe (the library's default is 80 s), and the library tries
# three times: a slow Stripe leaves the payout held for `retry-payouts` within about half a
# minute instead of holding the request for four.
TIMEOUT_SECONDS = 8
# Stripe's events nest about ten levels (event, data, object, a list, its items, their details);
# a signed payload far deeper is no event of Stripe's, and every handler would recurse through it.
MAX_EVENT_DEPTH = 32


class StripeUnavailable(Exception):
    """Stripe could not be reached or answered 5xx/429: the payout stays held for a retry."""


class StripeRefused(Exception):
    """Stripe refused the request (4xx): retrying the same call cannot succeed."""


@dataclass(frozen=True)
class StripePayout:
    object_id: str  # the promotion code (promo_...) or balance transaction (cbtxn_...)
    promotion_code: str | None = None


def verify_event(payload: bytes, *, signature: str | None, webhook_secret: str,
                 now: datetime) -> dict[str, Any]:
    """The event, if Stripe signed exactly this payload with the merchant's secret recently.

    The stripe library checks the HMAC-SHA256 signature; the timestamp is checked here
    against Goodword's clock, because the library only knows `time.time()` and tests (and
    the demo) move time with the injectable clock.
    """
    try:
        stripe.WebhookSignature.verify_header(payload, signature, webhook_secret, tolerance=None)
    except (stripe.SignatureVerificationError, ValueError) as exc:
        raise StripeSignatureInvalid(
            "The Stripe-Signature header does not match this payload and signing secret.",
            param="Stripe-Signature",
        ) from exc
    signed_at = _signed_at(signature or "")
    if signed_at < now.timestamp() - SIGNATURE_TOLERANCE_SECONDS:
        raise StripeSignatureInvalid(
            f"The event was signed more than {SIGNATURE_TOLERANCE_SECONDS} seconds ago.",
            code="stripe_signature_stale", param="Stripe-Signature",
        )
    try:
        event = json.loads(payload)
    except (ValueError, RecursionError):
        event = None
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict) \
            or _nested_deeper_than(event, MAX_EVENT_DEPTH):
        raise StripeSignatureInvalid("The payload is not a Stripe event.",
                                     code="stripe_event_invalid")
    return event


def _nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether JSON `value` holds objects or lists more than `limit` levels deep (no recursion,
    so a hostile depth cannot exhaust the stack while it is measured)."""
    level = [value]
    for _ in range(limit):
        level = [child for item in level
                 for child in (item.values() if isinstance(item, dict) else item)
                 if isinstance(child, dict | list)]
        if not level:
            return False
    return True


def _signed_at(header: str) -> int:
    stamps = [item.split("=", 1)[1] for item in header.split(",") if item.startswith("t=")]
    try:
        return int(stamps[0])
    except (IndexError, ValueError):
        return 0


def issue_promotion_code(*, secret_key: str, api_base: str | None, redemption_id: str,
                         amount: int, currency: str, code: str) -> StripePayout:
    """A one-time coupon worth `amount` and a single-use promotion code for it."""
    client = _client(secret_key, api_base)
    coupon_id = f"goodword_{redemption_id}"
    metadata = {"goodword_redemption": redemption_id}
    with _translated_errors():
        try:
            client.v1.coupons.create(
                {"id": coupon_id, "amount_off": to_stripe_amount(amount, currency),
                 "currency": currency.lower(), "duration": "once", "metadata": metadata},
                {"idempotency_key": f"goodword-{redemption_id}-coupon"},
            )
        except stripe.StripeError as exc:
            if not _already_exists(exc):
                raise
            # Made by an earlier attempt whose answer was lost (past the key's 24 hours).
            client.v1.coupons.retrieve(coupon_id)
        try:
            promotion = client.v1.promotion_codes.create(
                {"promotion": {"type": "coupon", "coupon": coupon_id}, "code": code,
                 "max_redemptions": 1, "metadata": metadata},
                {"idempotency_key": f"goodword-{redemption_id}-promotion-code"},
            )
        except stripe.StripeError as exc:
            if not _already_exists(exc):
                raise
            found = client.v1.promotion_codes.list({"code": code, "limit": 1}).data
            if not found or _metadata(found[0]).get("goodword_redemption") != redemption_id:
                raise
            promotion = found[0]
    return StripePayout(object_id=promotion.id, promotion_code=promotion.code)


def create_friend_promotion_code(*, secret_key: str, api_base: str | None, promoter_id: str,
                                 coupon: str, code: str) -> StripePayout:
    """A promoter's own promotion code on the merchant's friend coupon, usable by any friend.

    The idempotency key is derived from the promoter and coupon, so a retry after a lost
    answer gets the same object; past the key's 24 hours the code itself is found again."""
    client = _client(secret_key, api_base)
    metadata = {"goodword_promoter": promoter_id}
    with _translated_errors():
        try:
            promotion = client.v1.promotion_codes.create(
                {"promotion": {"type": "coupon", "coupon": coupon}, "code": code,
                 "metadata": metadata},
                {"idempotency_key": f"goodword-{promoter_id}-friend-{coupon}"},
            )
        except stripe.StripeError as exc:
            if not _already_exists(exc):
                raise
            found = client.v1.promotion_codes.list({"code": code, "limit": 1}).data
            if not found or _metadata(found[0]).get("goodword_promoter") != promoter_id:
                raise
            promotion = found[0]
    return StripePayout(object_id=promotion.id, promotion_code=promotion.code)


def set_promotion_code_active(*, secret_key: str, api_base: str | None, promotion_code_id: str,
                              active: bool, version: int) -> None:
    """Turn a promotion code on or off (a friend code whose promoter was blocked or erased).

    The key names the change (`version`, one per block or unblock): a retry of the same change
    replays its answer, and a later change is a new request, never a replay of an older one."""
    client = _client(secret_key, api_base)
    with _translated_errors():
        client.v1.promotion_codes.update(
            promotion_code_id, {"active": active},
            {"idempotency_key": f"goodword-{promotion_code_id}-active-{version}"},
        )


def credit_customer_balance(*, secret_key: str, api_base: str | None, redemption_id: str,
                            customer: str, amount: int, currency: str) -> StripePayout:
    """Credit `amount` to the Stripe customer's balance: their next invoices pay with it."""
    client = _client(secret_key, api_base)
    with _translated_errors():
        transaction = client.v1.customers.balance_transactions.create(
            customer,
            # A negative amount is a credit to the customer, as Stripe documents.
            {"amount": -to_stripe_amount(amount, currency), "currency": currency.lower(),
             "description": "Referral reward", "metadata": {"goodword_redemption": redemption_id}},
            {"idempotency_key": f"goodword-{redemption_id}-balance"},
        )
    return StripePayout(object_id=transaction.id)


def _client(secret_key: str, api_base: str | None) -> stripe.StripeClient:
    return stripe.StripeClient(
        secret_key, stripe_version=API_VERSION, max_network_retries=2,
        base_addresses={"api": api_base} if api_base else None,
        http_client=stripe.new_default_http_client(timeout=TIMEOUT_SECONDS),
    )


def _metadata(stripe_object: Any) -> dict[str, Any]:
    metadata = getattr(stripe_object, "metadata", None)
    return metadata.to_dict() if metadata is not None else {}


def _already_exists(exc: stripe.StripeError) -> bool:
    return exc.code == "resource_already_exists" or exc.http_status == 409


class _translated_errors:
    """Stripe's exceptions stay in this module: callers see unavailable or refused."""

    def __enter__(self) -> "_translated_errors":
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> Literal[False]:
        if exc is None or not isinstance(exc, stripe.StripeError):
            return False
        status = exc.http_status or 0
        # Never log the request: it carries the merchant's key in its headers.
        log.warning("stripe answered %s %s", status, exc.code or type(exc).__name__)
        if isinstance(exc, stripe.APIConnectionError | stripe.RateLimitError) or status >= 500:
            raise StripeUnavailable(f"Stripe is unavailable ({status or 'no answer'}).") from exc
        raise StripeRefused(exc.user_message or str(exc.code or "refused")) from exc
