"""The offer a merchant's referral rules make, as the share widget shows it: "Give $10, get $10".

Only referral.approved rules with a fixed amount describe an offer a buyer can read before any
order exists; coupons and order-based amounts are left out rather than guessed. Several rules
paying the same side in the same unit add up, because that is what the promoter will receive.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.currencies import format_money, minor_units
from core.merchants.models import Merchant
from rewards.program.rule_definitions import current_versions

TRIGGER = "referral.approved"


@dataclass(frozen=True)
class Amount:
    kind: str  # "points" or "credit"
    amount: int  # points, or minor units of `currency`
    currency: str | None = None
    minor_units: int | None = None


@dataclass(frozen=True)
class Offer:
    give: list[Amount]  # what the friend (referee) receives
    get: list[Amount]  # what the promoter (referrer) receives

    @property
    def text(self) -> str | None:
        """The English sentence; the widget words it in the shopper's language itself."""
        give, get = _words(self.give), _words(self.get)
        if give and get:
            return f"Give {give}, get {get}"
        if get:
            return f"Get {get} for every friend who joins"
        if give:
            return f"Give your friends {give}"
        return None


def referral_offer(session: Session, *, merchant_id: str) -> Offer:
    """What the merchant's active referral rules pay each side right now."""
    merchant = session.get(Merchant, merchant_id)
    sides: dict[str, dict[tuple[str, str | None], int]] = {"referee": {}, "referrer": {}}
    for version in current_versions(session, merchant_id=merchant_id, trigger=TRIGGER):
        if version.reward_type == "fixed_points":
            unit = ("points", None)
        elif version.reward_type == "fixed_credit":
            unit = ("credit", merchant.currency.upper())
        else:
            continue
        side = sides[version.beneficiary]
        side[unit] = side.get(unit, 0) + version.reward_value
    return Offer(give=_amounts(sides["referee"]), get=_amounts(sides["referrer"]))


def _amounts(side: dict[tuple[str, str | None], int]) -> list[Amount]:
    return [
        Amount(kind, amount, currency, minor_units(currency) if currency else None)
        for (kind, currency), amount in side.items()
    ]


def _words(amounts: list[Amount]) -> str:
    return " + ".join(_word(amount) for amount in amounts)


def _word(amount: Amount) -> str:
    if amount.kind == "points":
        return f"{amount.amount:,} points"
    return format_money(amount.amount, amount.currency, whole=True)
