"""Rules in the merchant's words: what a trigger and a beneficiary mean, and which active rules
pay on top of each other.

Rules add up: every active rule listening to an event pays. Two rules paying the same person on
the same event is sometimes meant (a points rule and a store-credit rule) and often a copy made
by following a guide twice, so the dashboard names the overlap instead of guessing.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

TRIGGER_WORDS = {
    "referral.approved": "a referred friend signs up (approved)",
    "order.paid": "an order is paid",
    "promoter.enrolled": "someone joins as a promoter",
    "share.created": "a promoter shares their link",
    "member.joined": "a customer joins the loyalty program",
    "member.birthday": "a member's birthday",
    "member.anniversary": "a member's anniversary",
    "order.milestone": "a customer's Nth order",
    "activity.recorded": "an activity you record",
}
BENEFICIARY_WORDS = {
    "referrer": "the promoter who referred",
    "referee": "the referred friend",
    "customer": "the customer",
}

REWARD_TYPE_WORDS = {
    "fixed_points": "a number of points",
    "points_per_currency_unit": "points for each unit of money spent",
    "percent_of_order": "a percentage of the order, as store credit",
    "fixed_credit": "an amount of store credit",
    "coupon": "a coupon (needs Stripe)",
}
RECURRING_WORDS = {"": "every invoice", "first_invoice": "the first invoice only",
                   "months": "invoices for a number of months"}


@dataclass(frozen=True)
class Overlap:
    trigger: str
    beneficiary: str
    names: tuple[str, ...]
    rule_ids: tuple[str, ...]

    @property
    def text(self) -> str:
        names = ", ".join(f"“{name}”" for name in self.names)
        who = BENEFICIARY_WORDS.get(self.beneficiary, self.beneficiary)
        when = TRIGGER_WORDS.get(self.trigger, self.trigger)
        return (f"{len(self.names)} active rules pay {who} when {when}: {names}. "
                "Each one pays, so the rewards add up. Turn one off if that is not meant.")


def overlaps(rules: Iterable) -> list[Overlap]:
    """Groups of two or more active rules (current versions) on one trigger and beneficiary."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for rule in rules:
        if rule.active:
            groups[(rule.rule.trigger, rule.beneficiary)].append(rule)
    return [Overlap(trigger, beneficiary, tuple(rule.name for rule in found),
                    tuple(rule.rule_id for rule in found))
            for (trigger, beneficiary), found in sorted(groups.items()) if len(found) > 1]
