"""Creating merchants and changing their settings, Stripe credentials included."""

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.currencies import is_currency
from core.errors import Conflict, InvalidInput, NotFound
from core.ids import new_id
from core.merchants.credentials import StripeNotConnected, seal, unseal
from core.merchants.domains import check_shop_url, normalise_domain
from core.merchants.models import DEFAULT_MAX_AWARD, Merchant

SETTINGS = (
    "name",
    "shop_url",
    "allowed_domains",
    "currency",
    "attribution_window_days",
    "hold_days",
    "points_expiry_days",
    "point_value",
    "stripe_payout",
    "stripe_friend_coupon",
    "max_award_points",
    "max_award_credit",
    "min_hold_days",
    "timezone",
)
# The guardrails' highest value: beyond it an award could overflow the ledger's 64-bit sums.
MAX_GUARDRAIL = 10**12
# Write-only: stored sealed, never returned, never logged. None disconnects.
STRIPE_CREDENTIALS = ("stripe_secret_key", "stripe_webhook_secret")
STRIPE_PAYOUTS = ("promotion_code", "customer_balance")
_CREDENTIAL_PATTERNS = {
    "stripe_secret_key": re.compile(r"(sk|rk)_(test|live)_[A-Za-z0-9]{8,240}"),
    "stripe_webhook_secret": re.compile(r"whsec_[A-Za-z0-9+/=]{8,240}"),
}
_CREDENTIAL_EXAMPLES = {"stripe_secret_key": "sk_live_...", "stripe_webhook_secret": "whsec_..."}


def create_merchant(
    session: Session,
    *,
    name: str,
    shop_url: str,
    allowed_domains: list[str],
    currency: str = "USD",
    attribution_window_days: int = 30,
    hold_days: int = 14,
    now: datetime,
) -> Merchant:
    merchant = Merchant(id=new_id("mer"), created_at=now)
    _apply(
        merchant,
        {
            "name": name,
            "shop_url": shop_url,
            "allowed_domains": allowed_domains,
            "currency": currency,
            "attribution_window_days": attribution_window_days,
            "hold_days": hold_days,
        },
    )
    session.add(merchant)
    session.flush()
    return merchant


# Given a merchant and the changes asked for: why its currency may not change (empty: it may).
AmountsHeld = Callable[..., list[str]]


def update_merchant(session: Session, *, merchant: Merchant, changes: dict[str, Any],
                    credentials_secrets: list[bytes] | None = None,
                    amounts_held: AmountsHeld | None = None) -> Merchant:
    """Apply setting changes all together or not at all.

    Every amount is kept in minor units of the merchant's currency, so a new currency would
    reread them all; `amounts_held` (rewards.currency_change, which core cannot import) says
    what holds one, and the currency changes only when nothing does."""
    changes = dict(changes)
    credentials = {name: changes.pop(name) for name in STRIPE_CREDENTIALS if name in changes}
    unknown = set(changes) - set(SETTINGS)
    if unknown:
        raise InvalidInput(f"{sorted(unknown)[0]} cannot be changed.", param=sorted(unknown)[0])
    for name, value in credentials.items():
        if value is not None and not _CREDENTIAL_PATTERNS[name].fullmatch(value):
            # The message never repeats the value: it is a secret even when it is wrong.
            raise InvalidInput(f"{name} does not look like a Stripe {_CREDENTIAL_EXAMPLES[name]}.",
                               param=name)
    if credentials and not credentials_secrets:
        raise ValueError("credentials_secrets is needed to store Stripe credentials")
    currency = changes.get("currency")
    if isinstance(currency, str):
        # Rules are evaluated with the merchant held FOR KEY SHARE (rewards.program.rules): this
        # waits for the earnings in flight, so the check below sees what they issued, and an earning
        # that starts after it reads the new currency.
        session.refresh(merchant, with_for_update=True)
    # An unknown code is left to _apply's 400; only a real change of currency is checked.
    if (isinstance(currency, str) and is_currency(currency.upper())
            and currency.upper() != merchant.currency.upper()):
        if amounts_held is None:
            raise ValueError("amounts_held is needed to change the merchant's currency")
        held = amounts_held(session, merchant=merchant, changes=changes)
        if held:
            raise Conflict(
                f"The currency can change from {merchant.currency} to {currency.upper()} only "
                f"while nothing holds an amount in {merchant.currency}, which would be read "
                f"in {currency.upper()} afterwards. First: {'; '.join(held)}.",
                code="currency_in_use", param="currency")
    _apply(merchant, changes)
    for name, value in credentials.items():
        assert credentials_secrets is not None  # checked above: no credentials without secrets
        setattr(merchant, f"{name}_sealed",
                None if value is None else seal(value, secrets=credentials_secrets))
        setattr(merchant, f"{name}_last4", None if value is None else value[-4:])
    session.flush()
    return merchant


def stripe_secret_key(merchant: Merchant, *, credentials_secrets: list[bytes]) -> str:
    if merchant.stripe_secret_key_sealed is None:
        raise StripeNotConnected("Connect Stripe first: set stripe_secret_key on the merchant.",
                                 param="stripe_secret_key")
    return unseal(merchant.stripe_secret_key_sealed, secrets=credentials_secrets)


def stripe_webhook_secret(merchant: Merchant, *, credentials_secrets: list[bytes]) -> str:
    if merchant.stripe_webhook_secret_sealed is None:
        raise StripeNotConnected("This merchant has no Stripe webhook signing secret.",
                                 param="stripe_webhook_secret")
    return unseal(merchant.stripe_webhook_secret_sealed, secrets=credentials_secrets)


def get_merchant(session: Session, *, merchant_id: str) -> Merchant:
    merchant = session.get(Merchant, merchant_id)
    if merchant is None:
        raise NotFound(f"No such merchant: {merchant_id!r}", param="merchant")
    return merchant


def find_merchant_by_name(session: Session, *, name: str) -> Merchant | None:
    return session.scalars(select(Merchant).where(Merchant.name == name)).first()


def check_timezone(name: str) -> str:
    """An IANA time zone name zoneinfo knows ("Europe/Berlin", "UTC"); else a 400."""
    try:
        if not isinstance(name, str) or not name or name != name.strip() or len(name) > 64:
            raise ValueError
        ZoneInfo(name)
    except (ValueError, OSError, ZoneInfoNotFoundError):
        raise InvalidInput(f"timezone {name!r} is not an IANA time zone name such as "
                           "Europe/Berlin or UTC.", param="timezone") from None
    return name


def _apply(merchant: Merchant, changes: dict[str, Any]) -> None:
    # Validate everything against the merged settings before touching the row.
    merged = {key: getattr(merchant, key) for key in SETTINGS} | changes
    merged["point_value"] = merged["point_value"] or 1
    merged["stripe_payout"] = merged["stripe_payout"] or "promotion_code"
    for guardrail in ("max_award_points", "max_award_credit"):
        if merged[guardrail] is None:  # a merchant being created
            merged[guardrail] = DEFAULT_MAX_AWARD
    merged["min_hold_days"] = merged["min_hold_days"] or 0
    merged["timezone"] = check_timezone(merged["timezone"] or "UTC")
    if merged["stripe_payout"] not in STRIPE_PAYOUTS:
        raise InvalidInput(f"stripe_payout must be one of {', '.join(STRIPE_PAYOUTS)}.",
                           param="stripe_payout")
    name = (merged["name"] or "").strip()
    if not name:
        raise InvalidInput("name must not be blank.", param="name")
    domains = [normalise_domain(domain) for domain in merged["allowed_domains"] or []]
    if not domains:
        raise InvalidInput("allowed_domains needs at least one domain.", param="allowed_domains")
    currency = (merged["currency"] or "").upper()
    if not is_currency(currency):
        raise InvalidInput("currency must be an ISO 4217 code such as USD.", param="currency")
    window = merged["attribution_window_days"]
    if not 1 <= window <= 365:
        raise InvalidInput(
            "attribution_window_days must be between 1 and 365.", param="attribution_window_days"
        )
    if not 0 <= merged["hold_days"] <= 365:
        raise InvalidInput("hold_days must be between 0 and 365.", param="hold_days")
    expiry = merged["points_expiry_days"]
    if expiry is not None and not 1 <= expiry <= 3650:
        raise InvalidInput(
            "points_expiry_days must be between 1 and 3650, or null for never.",
            param="points_expiry_days",
        )
    if not 1 <= merged["point_value"] <= 1_000_000:
        raise InvalidInput("point_value must be between 1 and 1000000.", param="point_value")
    for guardrail in ("max_award_points", "max_award_credit"):
        if not 1 <= merged[guardrail] <= MAX_GUARDRAIL:
            raise InvalidInput(f"{guardrail} must be between 1 and {MAX_GUARDRAIL}.",
                               param=guardrail)
    if not 0 <= merged["min_hold_days"] <= 365:
        raise InvalidInput("min_hold_days must be between 0 and 365.", param="min_hold_days")
    if merged["hold_days"] < merged["min_hold_days"]:
        # The merchant's own hold is what rules without one use: it must meet the guardrail.
        raise InvalidInput(
            f"hold_days ({merged['hold_days']}) may not be shorter than min_hold_days "
            f"({merged['min_hold_days']}).",
            param="min_hold_days" if "min_hold_days" in changes else "hold_days")
    merchant.name = name
    merchant.timezone = merged["timezone"]
    merchant.allowed_domains = list(dict.fromkeys(domains))
    merchant.shop_url = check_shop_url(merged["shop_url"] or "", merchant.allowed_domains)
    merchant.currency = currency
    merchant.attribution_window_days = window
    merchant.hold_days = merged["hold_days"]
    merchant.points_expiry_days = expiry
    merchant.point_value = merged["point_value"]
    merchant.stripe_payout = merged["stripe_payout"]
    merchant.stripe_friend_coupon = merged["stripe_friend_coupon"] or None
    merchant.max_award_points = merged["max_award_points"]
    merchant.max_award_credit = merged["max_award_credit"]
    merchant.min_hold_days = merged["min_hold_days"]
