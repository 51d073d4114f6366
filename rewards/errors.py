"""Errors of the rewards domain."""

from core.errors import Conflict, InvalidInput, NotFound


class InsufficientBalance(InvalidInput):
    code = "insufficient_balance"


class UnbalancedTransaction(Exception):
    """A programming error: a posting whose entries do not sum to zero is never written."""


class OrderNotFound(NotFound):
    code = "resource_missing"


class RedemptionNotFound(NotFound):
    code = "resource_missing"


class RefundExceedsOrder(InvalidInput):
    code = "refund_exceeds_order"


class OrderConflict(Conflict):
    code = "order_conflict"


class OrderNotInReview(Conflict):
    code = "order_not_in_review"


class RedemptionNotHeld(Conflict):
    code = "redemption_not_held"


class PromoterBarred(Conflict):
    """A blocked or erased promoter asked to redeem; `code` says which
    (rewards.earning.standing)."""

    code = "promoter_blocked"


# Rules and tiers.
class RuleNotFound(NotFound):
    code = "resource_missing"


class RuleInvalid(InvalidInput):
    """A rule that could never award anything as written (e.g. an order condition on signups)."""

    code = "rule_invalid"


class GuardrailExceeded(InvalidInput):
    """A rule or tier that could pay beyond the guardrails the merchant's owners set."""

    code = "guardrail_exceeded"


class TierNotFound(NotFound):
    code = "resource_missing"


class TierConflict(Conflict):
    code = "tier_conflict"


class PromoterNotFound(NotFound):
    code = "resource_missing"


# Stripe.
class StripeSignatureInvalid(InvalidInput):
    """A webhook whose signature, age or shape is wrong: nothing of it is believed or written."""

    code = "stripe_signature_invalid"


# The rewards catalog.
class CatalogRewardNotFound(NotFound):
    code = "resource_missing"


class CatalogRewardUnavailable(Conflict):
    """Off, out of stock (`reward_out_of_stock`), or in a currency the shop left behind."""

    code = "reward_unavailable"


class RedemptionLimitReached(Conflict):
    code = "redemption_limit_reached"
