"""What the bank check expects, computed from the rules and the requests that succeeded,
without the app's code: the rules the check installs, and each order's rewards under them."""

from dataclasses import dataclass, field

# The program the check installs (through POST /v1/rules), and what each rule pays.
RULES = [
    {"name": "1 point per dollar", "trigger": "order.paid", "beneficiary": "referrer",
     "reward": {"type": "points_per_currency_unit", "value": 1}},
    {"name": "5% store credit", "trigger": "order.paid", "beneficiary": "referrer",
     "reward": {"type": "percent_of_order", "value": 500}},
    {"name": "10 points on $20", "trigger": "order.paid", "beneficiary": "customer",
     "reward": {"type": "fixed_points", "value": 10}, "conditions": {"min_order_amount": 2000}},
    {"name": "25 points for a first order", "trigger": "order.paid", "beneficiary": "customer",
     "reward": {"type": "fixed_points", "value": 25}, "conditions": {"first_order_only": True}},
    {"name": "50 points a friend", "trigger": "referral.approved", "beneficiary": "referrer",
     "reward": {"type": "fixed_points", "value": 50}},
]


@dataclass
class ExpectedOrder:
    external_id: str
    customer: str  # the shop's customer id (the buyer)
    amount: int  # cents, USD
    promoter: str | None  # who the purchase must be credited to
    via_stripe: bool = False
    id: str | None = None  # ord_..., when the API said it
    refunded: int = 0  # what succeeded refunds (or Stripe's largest cumulative total) add to

    @property
    def remaining(self) -> int:
        return self.amount - self.refunded


def order_awards(order: ExpectedOrder, *, first_order: bool, rule_ids: dict[str, str]
                 ) -> dict[tuple[str, str], int]:
    """(rule id, beneficiary) -> the amount the rules award for this order, before refunds."""
    awards = {}
    if order.promoter is not None:
        awards[(rule_ids["1 point per dollar"], "referrer")] = order.amount // 100
        awards[(rule_ids["5% store credit"], "referrer")] = order.amount * 500 // 10_000
    if order.amount >= 2000:
        awards[(rule_ids["10 points on $20"], "customer")] = 10
    if first_order:
        awards[(rule_ids["25 points for a first order"], "customer")] = 25
    return {key: amount for key, amount in awards.items() if amount > 0}


def clawed_back(award: int, order: ExpectedOrder) -> int:
    """Refunds claw back in proportion to everything refunded so far, rounding down."""
    return award * order.refunded // order.amount


@dataclass
class Observed:
    """Everything the clients saw succeed, gathered across threads."""

    orders: dict[str, ExpectedOrder] = field(default_factory=dict)
    referrals: dict[str, str] = field(default_factory=dict)  # ref_... -> referrer pro_...
    redemptions: dict[str, int] = field(default_factory=dict)  # rdm_... -> points
    failures: list[str] = field(default_factory=list)
