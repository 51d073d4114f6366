"""The rules engine's verdicts without a database: what one rule pays for one event, or why it
pays nothing, and how an event's awards to one promoter share the owners' guardrail.

`rules._verdict` is the engine's pure core: the database work around it (the merchant's rates,
the promoters who may not earn, the tier multiplier, the limits that count earlier rewards) is
handed in, so here it is plain values and the cases run in milliseconds. The same rules through
the API and the database are in tests/api/test_rule_evaluation.py.
"""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from core.merchants.models import Merchant
from rewards.earning.standing import Refusal
from rewards.events import Award, RewardEvent, Skip
from rewards.program import rules
from rewards.program.models import RuleVersion

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ANA, BEN = "pro_ana", "pro_ben"


def merchant(**fields) -> Merchant:
    fields = {"id": "mer_acme", "currency": "USD", "hold_days": 14, "min_hold_days": 0,
              "max_award_points": 1_000_000, "max_award_credit": 1_000_000, **fields}
    return Merchant(**fields)


def rule(reward_type="points_per_currency_unit", value=1, *, rule_id="rul_1", **fields
         ) -> RuleVersion:
    fields.setdefault("beneficiary", "referrer")
    fields.setdefault("first_order_only", False)
    return RuleVersion(rule_id=rule_id, version=1, name="Points per dollar", active=True,
                       reward_type=reward_type, reward_value=value, **fields)


def order(amount=25_99, currency="USD", **fields) -> RewardEvent:
    return RewardEvent(**{
        "trigger": "order.paid", "merchant_id": "mer_acme", "occurred_at": NOW,
        "cause_type": "order", "cause_id": "ord_1", "referrer_id": ANA, "customer_id": BEN,
        "order_amount": amount, "currency": currency, "first_order": True, **fields})


def verdict(version: RuleVersion, event: RewardEvent, *, shop: Merchant | None = None,
            rates: dict | None = None, refused: dict | None = None, multiplier=10_000,
            limits=None) -> Award | Skip:
    context = rules._Context(
        merchant=shop or merchant(), event=event, now=NOW,
        rate=lambda from_code, to_code: (rates or {}).get((from_code, to_code)),
        refused=refused or {})
    return rules._verdict(
        context, version, lambda promoter_id: multiplier,
        limits or (lambda version, promoter_id, unit, amount: (amount, [])))


def test_a_referred_order_pays_the_referrer_a_point_per_whole_dollar():
    award = verdict(rule(), order(amount=25_99))
    assert award == Award(
        rule_id="rul_1", rule_version=1, beneficiary="referrer", promoter_id=ANA,
        kind="points", unit="points", amount=25, hold_days=14,
        description="25 points from rule 'Points per dollar' v1")


def test_percent_of_order_is_store_credit_in_the_merchants_currency():
    award = verdict(rule("percent_of_order", 1000, beneficiary="customer"), order(25_99))
    assert (award.promoter_id, award.kind, award.unit, award.amount) == (
        BEN, "credit", "USD", 259)
    assert award.description.startswith("$2.59 from rule")


@pytest.mark.parametrize(("missed", "code"), [
    ({"referrer_id": None}, "no_beneficiary"),
    ({"first_order": False}, "condition_first_order"),
    ({"amount": 49_99}, "condition_min_order_amount"),
    ({"referral_created_at": NOW - timedelta(days=31)}, "condition_referral_window"),
    ({"referral_created_at": None}, "condition_referral_window"),
])
def test_a_condition_the_event_misses_is_a_skip_that_says_which(missed, code):
    version = rule(first_order_only=True, min_order_amount=50_00, within_days_of_referral=30)
    met = {"amount": 50_00, "referral_created_at": NOW - timedelta(days=30)}
    assert isinstance(verdict(version, order(**met)), Award)
    skip = verdict(version, order(**{**met, **missed}))
    assert isinstance(skip, Skip) and skip.code == code, skip
    assert skip.message


def test_the_minimum_is_explained_in_money():
    skip = verdict(rule(min_order_amount=50_00), order(amount=49_99))
    assert skip.message == "The order ($49.99) is below the minimum of $50.00."


def test_a_blocked_referrer_earns_nothing_and_her_friend_still_earns_his_half():
    refused = {ANA: Refusal("promoter_blocked", "The promoter is blocked.")}
    referrer = verdict(rule(), order(), refused=refused)
    friend = verdict(rule(beneficiary="customer"), order(), refused=refused)
    assert (referrer.code, referrer.message) == ("promoter_blocked", "The promoter is blocked.")
    assert isinstance(friend, Award) and friend.promoter_id == BEN


def test_an_order_in_another_currency_counts_only_through_the_merchants_rate():
    without = verdict(rule(), order(amount=100_00, currency="EUR"))
    assert without.code == "currency_no_rate"
    assert "POST /v1/exchange_rates" in without.message
    award = verdict(rule(), order(amount=100_00, currency="EUR"),
                    rates={("EUR", "USD"): Fraction("1.08")})
    # €100.00 is $108.00: 108 points, and the description says at which rate.
    assert award.amount == 108
    assert "€100.00 at 1.08 USD per EUR" in award.description


def test_2_500_000_dong_are_not_2_500_000_dollars():
    assert verdict(rule(), order(amount=2_500_000, currency="VND")).code == "currency_no_rate"


def test_the_tier_multiplier_applies_last_and_rounds_down():
    award = verdict(rule(), order(amount=25_99), multiplier=15_000)
    assert award.amount == 37  # 25 points x1.5 = 37.5
    assert award.description.endswith("(tier x1.5)")


def test_an_award_that_rounds_to_nothing_is_a_skip():
    assert verdict(rule(), order(amount=99)).code == "zero_amount"


def test_a_coupon_rule_waits_for_stripe():
    assert verdict(rule("coupon", 10), order()).code == "coupon_needs_stripe"


def test_an_award_above_the_owners_guardrail_pays_the_guardrail_and_says_so():
    award = verdict(rule("fixed_points", 5_000), order(), shop=merchant(max_award_points=1_000))
    assert award.amount == 1_000
    assert "capped at the merchant's max_award_points of 1000" in award.description


@pytest.mark.parametrize(("rule_hold", "merchant_hold", "guardrail", "held"), [
    (None, 14, 0, 14),  # the merchant's hold when the rule names none
    (3, 14, 0, 3),  # the rule's own
    (3, 14, 7, 7),  # never shorter than the owners' shortest hold
])
def test_the_hold_is_the_rules_or_the_merchants_never_below_the_guardrail(
        rule_hold, merchant_hold, guardrail, held):
    shop = merchant(hold_days=merchant_hold, min_hold_days=guardrail)
    assert verdict(rule(hold_days=rule_hold), order(), shop=shop).hold_days == held


def test_a_limit_that_is_used_up_is_a_skip_and_a_clip_is_explained():
    used_up = verdict(rule(), order(), limits=lambda *_: ("budget_exhausted", "The budget..."))
    assert (used_up.code, used_up.message) == ("budget_exhausted", "The budget...")
    clipped = verdict(rule(), order(amount=100_00), limits=lambda version, promoter_id, unit,
                      amount: (40, [f"clipped to the 40 left of the budget of {amount}"]))
    assert clipped.amount == 40
    assert clipped.description == ("40 points from rule 'Points per dollar' v1 "
                                   "(clipped to the 40 left of the budget of 100)")


@pytest.mark.parametrize(("mode", "months", "first", "months_in", "code"), [
    ("first_invoice", None, True, 0, None),
    ("first_invoice", None, False, 1, "condition_recurring"),
    ("first_months", 3, False, 2, None),
    ("first_months", 3, False, 3, "condition_recurring"),
    ("first_invoice", None, None, None, None),  # a one-off order is no invoice
])
def test_a_recurring_rule_pays_only_the_invoices_it_names(mode, months, first, months_in, code):
    version = rule(recurring_mode=mode, recurring_months=months)
    result = verdict(version, order(first_invoice=first, months_since_first_invoice=months_in))
    assert getattr(result, "code", None) == code


def test_one_event_pays_one_promoter_at_most_the_guardrail_whatever_the_rules():
    shop = merchant(max_award_points=1_000)
    versions = [rule("fixed_points", 600, rule_id=f"rul_{n}") for n in (3, 1, 2)]
    verdicts = [verdict(version, order(), shop=shop) for version in versions]
    kept = rules._within_guardrails(shop, versions, verdicts)
    # In rule id order: rul_1 pays 600, rul_2 the 400 left, rul_3 nothing.
    by_rule = {v.rule_id: v for v in kept}
    assert by_rule["rul_1"].amount == 600
    assert by_rule["rul_2"].amount == 400
    assert "clipped to the 400 points left of the merchant's max_award_points" in (
        by_rule["rul_2"].description)
    assert by_rule["rul_3"].code == "guardrail_per_event"
    assert sum(v.amount for v in kept if isinstance(v, Award)) == 1_000


def test_the_guardrail_per_event_counts_each_promoter_and_unit_apart():
    shop = merchant(max_award_points=1_000, max_award_credit=500)
    versions = [rule("fixed_points", 1_000, rule_id="rul_1"),
                rule("fixed_points", 1_000, rule_id="rul_2", beneficiary="customer"),
                rule("fixed_credit", 500, rule_id="rul_3")]
    kept = rules._within_guardrails(
        shop, versions, [verdict(version, order(), shop=shop) for version in versions])
    assert [(v.promoter_id, v.unit, v.amount) for v in kept] == [
        (ANA, "points", 1_000), (BEN, "points", 1_000), (ANA, "USD", 500)]


@pytest.mark.parametrize(("version", "currency"), [
    (rule(), "USD"),  # pays by amount: the merchant's
    (rule(currency="eur"), "EUR"),  # its own
    (rule("fixed_points", 10), None),  # counts no amount
    (rule("fixed_points", 10, min_order_amount=10_00), "USD"),  # a minimum is an amount
])
def test_the_currency_a_rule_counts_in(version, currency):
    assert rules.rule_currency(version, "usd") == currency
