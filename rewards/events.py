"""What the rules engine is asked about and what it answers: the contract between the places
things happen (signups, orders, enrolments, shares) and the rules that turn them into rewards."""

from dataclasses import dataclass
from datetime import datetime

TRIGGERS = ("referral.approved", "order.paid", "promoter.enrolled", "share.created",
            "member.joined", "member.birthday", "member.anniversary", "order.milestone",
            "activity.recorded")
BENEFICIARIES = ("referrer", "referee", "customer")


@dataclass(frozen=True)
class RewardEvent:
    """Something that may earn rewards. Ids are promoter ids of whoever could benefit."""

    trigger: str
    merchant_id: str
    occurred_at: datetime
    # What caused it, recorded on every reward: ("order", "ord_..."), ("referral", "ref_..."),
    # ("promoter", "pro_..."), ("share", "shr_...").
    cause_type: str
    cause_id: str
    # The promoter who referred (referral.approved, an attributed order.paid), or who enrolled
    # or shared (promoter.enrolled, share.created).
    referrer_id: str | None = None
    # The referred friend, enrolled as a promoter so they can hold rewards.
    referee_id: str | None = None
    # The buyer of an order, enrolled as a promoter (loyalty points for purchases), or the
    # member a member.*, order.milestone or activity.recorded event is about.
    customer_id: str | None = None
    order_amount: int | None = None  # minor units
    currency: str | None = None
    first_order: bool | None = None
    # When the friend signed up: "order within N days of the referral" reads it.
    referral_created_at: datetime | None = None
    # For a subscription's invoice (None for any other order): whether it is the subscription's
    # first paid invoice, and how many whole months its service period starts after the first's.
    first_invoice: bool | None = None
    months_since_first_invoice: int | None = None
    # For a share: the channel it went out through (share rules pay once per channel and day).
    channel: str | None = None
    # order.milestone: the customer's how-manieth order it is (1: their first).
    order_number: int | None = None
    # member.anniversary: whole years since the member joined.
    years: int | None = None
    # activity.recorded: the merchant's own type of the activity (review.written, ...).
    activity_type: str | None = None

    def promoter_for(self, beneficiary: str) -> str | None:
        return {
            "referrer": self.referrer_id,
            "referee": self.referee_id,
            "customer": self.customer_id,
        }[beneficiary]


@dataclass(frozen=True)
class Award:
    """A rule's verdict that a promoter earns `amount` of `unit`."""

    rule_id: str
    rule_version: int
    beneficiary: str
    promoter_id: str
    kind: str  # "points" or "credit" (store credit); coupons are issued by the Stripe gateway
    unit: str  # "points", or the currency of the credit
    amount: int
    hold_days: int
    description: str


@dataclass(frozen=True)
class Skip:
    """A rule's verdict that it awards nothing here, and why, for dry runs and the dashboard."""

    rule_id: str
    rule_version: int
    beneficiary: str
    code: str  # e.g. condition_min_order_amount, limit_daily, budget_exhausted
    message: str
