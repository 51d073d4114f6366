"""rewards.program.rules.evaluate: every reward type, condition and limit, against real rows."""

import threading
from datetime import timedelta

import pytest

from core.db import db
from rewards.earning.service import grant
from rewards.events import Award, RewardEvent, Skip
from rewards.program import rules
from tests.threads import join_all

from .rewards_support import claw_back, create_rule, earn, evaluate, order_rule, row_counts
from .test_referrals import enroll


@pytest.fixture
def promoters(client, merchant):
    return (
        enroll(client, merchant)["id"],
        enroll(client, merchant, external_id="cus_friend", email="ben@example.com")["id"],
        enroll(client, merchant, external_id="cus_third", email="cy@example.com")["id"],
    )


def only(verdicts):
    assert len(verdicts) == 1, verdicts
    return verdicts[0]


@pytest.mark.parametrize(
    ("reward", "kind", "unit", "amount", "shown"),
    [
        ({"type": "fixed_points", "value": 40}, "points", "points", 40, "40 points"),
        ({"type": "points_per_currency_unit", "value": 1}, "points", "points", 25, "25 points"),
        ({"type": "percent_of_order", "value": 1000}, "credit", "USD", 259, "$2.59"),
        ({"type": "fixed_credit", "value": 500}, "credit", "USD", 500, "$5.00"),
    ],
)
def test_each_reward_type(app, client, merchant, promoters, reward, kind, unit, amount, shown):
    rule = order_rule(client, merchant, reward=reward)
    verdict = only(evaluate(app, merchant.id, referrer_id=promoters[0], order_amount=2599,
                            currency="USD"))
    assert verdict == Award(
        rule_id=rule["id"], rule_version=1, beneficiary="referrer", promoter_id=promoters[0],
        kind=kind, unit=unit, amount=amount, hold_days=14, description=verdict.description,
    )
    assert verdict.description.startswith(f"{shown} from rule")


def test_a_coupon_rule_waits_for_stripe(app, client, merchant, promoters):
    order_rule(client, merchant, reward={"type": "coupon", "value": 10})
    verdict = only(evaluate(app, merchant.id, referrer_id=promoters[0]))
    assert isinstance(verdict, Skip) and verdict.code == "coupon_needs_stripe"


def test_an_award_that_rounds_to_nothing_is_skipped(app, client, merchant, promoters):
    order_rule(client, merchant, reward={"type": "points_per_currency_unit", "value": 1})
    verdict = only(evaluate(app, merchant.id, referrer_id=promoters[0], order_amount=99))
    assert verdict.code == "zero_amount"


def test_a_double_sided_offer_pays_both_friends(app, client, merchant, promoters):
    referrer_rule = create_rule(client, merchant, name="Give", beneficiary="referrer")
    referee_rule = create_rule(client, merchant, name="Get", beneficiary="referee",
                               reward={"type": "fixed_credit", "value": 1000}, hold_days=0)
    verdicts = evaluate(app, merchant.id, trigger="referral.approved",
                        referrer_id=promoters[0], referee_id=promoters[1])
    assert [(v.rule_id, v.promoter_id, v.kind, v.amount, v.hold_days) for v in verdicts] == [
        (referrer_rule["id"], promoters[0], "points", 100, 14),
        (referee_rule["id"], promoters[1], "credit", 1000, 0),
    ]


def test_evaluate_uses_the_current_version_and_skips_disabled_rules(app, client, merchant,
                                                                    promoters):
    rule = create_rule(client, merchant)
    url = f"/v1/rules/{rule['id']}"
    client.patch(url, json={"reward": {"type": "fixed_points", "value": 250}},
                 headers=merchant.headers())
    verdict = only(evaluate(app, merchant.id, trigger="referral.approved",
                            referrer_id=promoters[0]))
    assert (verdict.rule_version, verdict.amount) == (2, 250)
    assert "v2" in verdict.description
    client.patch(url, json={"active": False}, headers=merchant.headers())
    assert evaluate(app, merchant.id, trigger="referral.approved",
                    referrer_id=promoters[0]) == []
    client.patch(url, json={"active": True}, headers=merchant.headers())
    assert only(evaluate(app, merchant.id, trigger="referral.approved",
                         referrer_id=promoters[0])).rule_version == 4


def test_only_the_merchants_own_rules_on_the_trigger_apply(app, client, make_merchant):
    acme, globex = make_merchant("Acme"), make_merchant("Globex")
    create_rule(client, globex)
    order_rule(client, acme)
    promoter = enroll(client, acme)["id"]
    assert evaluate(app, acme.id, trigger="referral.approved", referrer_id=promoter) == []


@pytest.mark.parametrize(
    ("conditions", "event", "code"),
    [
        ({"min_order_amount": 5000}, {"order_amount": 4999}, "condition_min_order_amount"),
        ({"min_order_amount": 5000}, {"order_amount": 5000}, None),
        ({"currency": "usd"}, {"currency": "EUR"}, "currency_no_rate"),
        ({"currency": "USD"}, {"currency": "USD"}, None),
        ({"first_order_only": True}, {"first_order": False}, "condition_first_order"),
        ({"first_order_only": True}, {"first_order": True}, None),
        ({"within_days_of_referral": 7}, {"referral_days_ago": 8}, "condition_referral_window"),
        ({"within_days_of_referral": 7}, {"referral_days_ago": 7}, None),
        ({"within_days_of_referral": 7}, {}, "condition_referral_window"),
    ],
)
def test_conditions(app, client, clock, merchant, promoters, conditions, event, code):
    order_rule(client, merchant, conditions=conditions)
    if "referral_days_ago" in event:
        event["referral_created_at"] = clock.now() - timedelta(days=event.pop("referral_days_ago"))
    verdict = only(evaluate(app, merchant.id, referrer_id=promoters[0], **event))
    if code is None:
        assert isinstance(verdict, Award), verdict
    else:
        assert isinstance(verdict, Skip) and verdict.code == code, verdict
        assert verdict.message


def test_a_rule_for_a_missing_beneficiary_is_skipped(app, client, merchant, promoters):
    order_rule(client, merchant, beneficiary="customer")
    verdict = only(evaluate(app, merchant.id, referrer_id=promoters[0]))
    assert (verdict.code, verdict.beneficiary) == ("no_beneficiary", "customer")


def test_the_daily_limit_counts_the_last_24_hours(app, client, clock, merchant, promoters):
    order_rule(client, merchant, limits={"per_promoter_per_day": 1})
    earn(app, merchant.id, only(evaluate(app, merchant.id, referrer_id=promoters[0])), "o1")
    clock.advance(hours=23)
    assert only(evaluate(app, merchant.id, referrer_id=promoters[0])).code == "limit_per_day"
    # Another promoter has their own allowance.
    assert isinstance(only(evaluate(app, merchant.id, referrer_id=promoters[1])), Award)
    clock.advance(hours=1, seconds=1)
    assert isinstance(only(evaluate(app, merchant.id, referrer_id=promoters[0])), Award)


def test_the_monthly_limit_counts_the_last_30_days_clawbacks_included(app, client, clock,
                                                                       merchant, promoters):
    order_rule(client, merchant, limits={"per_promoter_per_month": 2})
    first = earn(app, merchant.id, only(evaluate(app, merchant.id, referrer_id=promoters[0])),
                 "o1")
    clock.advance(days=10)
    earn(app, merchant.id, only(evaluate(app, merchant.id, referrer_id=promoters[0])), "o2")
    claw_back(app, first, 100)  # a refunded order still used up its allowance
    clock.advance(days=19)
    assert only(evaluate(app, merchant.id, referrer_id=promoters[0])).code == "limit_per_month"
    clock.advance(days=1, seconds=1)
    assert isinstance(only(evaluate(app, merchant.id, referrer_id=promoters[0])), Award)


def test_a_lifetime_cap_clips_then_stops_and_clawbacks_free_it(app, client, merchant,
                                                               promoters):
    order_rule(client, merchant, limits={"lifetime_cap": 150})
    first = earn(app, merchant.id, only(evaluate(app, merchant.id, referrer_id=promoters[0])),
                 "o1")
    clipped = only(evaluate(app, merchant.id, referrer_id=promoters[0]))
    assert clipped.amount == 50
    assert "clipped to the 50 left of the promoter's lifetime cap of 150" in clipped.description
    earn(app, merchant.id, clipped, "o2")
    assert only(evaluate(app, merchant.id, referrer_id=promoters[0])).code == "lifetime_cap"
    assert only(evaluate(app, merchant.id, referrer_id=promoters[1])).amount == 100
    claw_back(app, first, 30)
    assert only(evaluate(app, merchant.id, referrer_id=promoters[0])).amount == 30


def test_a_budget_is_shared_by_all_promoters(app, client, merchant, promoters):
    order_rule(client, merchant, limits={"budget": 250})
    for number, promoter in enumerate(promoters[:2]):
        earn(app, merchant.id, only(evaluate(app, merchant.id, referrer_id=promoter)),
             f"o{number}")
    clipped = only(evaluate(app, merchant.id, referrer_id=promoters[2]))
    assert clipped.amount == 50 and "the budget of 250" in clipped.description
    earn(app, merchant.id, clipped, "o3")
    skipped = only(evaluate(app, merchant.id, referrer_id=promoters[2]))
    assert (skipped.code, skipped.message) == ("budget_exhausted", "The budget of 250 is used up.")


def test_limits_span_versions_of_one_rule(app, client, merchant, promoters):
    rule = order_rule(client, merchant, limits={"lifetime_cap": 100})
    earn(app, merchant.id, only(evaluate(app, merchant.id, referrer_id=promoters[0])), "o1")
    client.patch(f"/v1/rules/{rule['id']}", json={"limits": {"lifetime_cap": 120}},
                 headers=merchant.headers())
    verdict = only(evaluate(app, merchant.id, referrer_id=promoters[0]))
    assert (verdict.rule_version, verdict.amount) == (2, 20)


def test_evaluate_writes_nothing(app, client, merchant, promoters):
    order_rule(client, merchant, limits={"budget": 1000, "per_promoter_per_day": 3})
    before = row_counts(app)
    assert isinstance(only(evaluate(app, merchant.id, referrer_id=promoters[0])), Award)
    assert row_counts(app) == before


def test_two_orders_at_once_never_both_take_the_last_of_a_budget(app, client, clock, merchant,
                                                                promoters, on_postgres):
    """The first order holds the rule's row until it commits its reward; the second waits, then
    sees the budget spent. Without the lock both would read an untouched budget."""
    order_rule(client, merchant, limits={"budget": 100})
    first_granted, release = threading.Event(), threading.Event()
    verdicts = {}

    def order(slot: int, hold: bool) -> None:
        with app.app_context():
            now = clock.now()
            event = RewardEvent(
                trigger="order.paid", merchant_id=merchant.id, occurred_at=now,
                cause_type="order", cause_id=f"ord_{slot}", referrer_id=promoters[slot],
                order_amount=5000, currency="USD", first_order=True,
            )
            verdict = verdicts[slot] = rules.evaluate(db.session, event=event, now=now)[0]
            if isinstance(verdict, Award):
                grant(db.session, merchant_id=merchant.id, award=verdict, cause_type="order",
                      cause_id=f"ord_{slot}", now=now)
            if hold:
                first_granted.set()
                release.wait(timeout=10)
            db.session.commit()

    first = threading.Thread(target=order, args=(0, True))
    first.start()
    assert first_granted.wait(timeout=10)
    second = threading.Thread(target=order, args=(1, False))
    second.start()
    second.join(timeout=0.5)
    assert 1 not in verdicts  # still waiting for the first order's lock
    release.set()
    join_all([first, second], 10)
    assert verdicts[0].amount == 100
    assert verdicts[1].code == "budget_exhausted"
