"""Reward amounts are integers and always round down; money is shown in major units."""

from decimal import Decimal
from fractions import Fraction

import pytest

from core.currencies import convert, format_money, minor_units
from rewards.program.rules import base_amount, with_multiplier


@pytest.mark.parametrize(
    ("reward_type", "value", "order_amount", "currency", "expected"),
    [
        ("fixed_points", 50, None, "USD", 50),
        ("fixed_credit", 500, 2599, "USD", 500),
        # 1 point per whole dollar: $25.99 is 25 points, never 26.
        ("points_per_currency_unit", 1, 2599, "USD", 25),
        ("points_per_currency_unit", 3, 2599, "USD", 75),
        ("points_per_currency_unit", 1, 99, "USD", 0),
        # A yen has no minor unit; a dinar has a thousand.
        ("points_per_currency_unit", 1, 2599, "JPY", 2599),
        ("points_per_currency_unit", 2, 2599, "KWD", 4),
        # 10% of 2599 cents is 259.9 cents: 259.
        ("percent_of_order", 1000, 2599, "USD", 259),
        ("percent_of_order", 10_000, 2599, "USD", 2599),
        ("percent_of_order", 1, 9999, "USD", 0),
    ],
)
def test_base_amounts(reward_type, value, order_amount, currency, expected):
    assert base_amount(reward_type, value, order_amount=order_amount, currency=currency) == (
        expected
    )


@pytest.mark.parametrize(
    ("amount", "multiplier", "expected"),
    [(25, 10_000, 25), (25, 15_000, 37), (1, 15_000, 1), (3, 12_500, 3), (100, 20_000, 200)],
)
def test_the_tier_multiplier_rounds_down(amount, multiplier, expected):
    assert with_multiplier(amount, multiplier) == expected


def test_minor_units_per_major_unit():
    assert [minor_units(code) for code in ("usd", "EUR", "JPY", "BHD")] == [
        100, 100, 1, 1000,
    ]


def test_coupons_have_no_amount():
    with pytest.raises(ValueError):
        base_amount("coupon", 10, order_amount=100, currency="USD")


@pytest.mark.parametrize(
    ("amount", "code", "shown"),
    [(500, "USD", "$5.00"), (8, "usd", "$0.08"), (123_456_78, "EUR", "€123,456.78"),
     (2_500_000, "VND", "2,500,000 VND"), (1500, "KWD", "1.500 KWD"), (5, "CHF", "0.05 CHF")],
)
def test_money_is_shown_in_major_units(amount, code, shown):
    assert format_money(amount, code) == shown


@pytest.mark.parametrize(
    ("amount", "rate", "from_code", "to_code", "expected"),
    [
        (2_500_000, "0.00004", "VND", "USD", 100_00),  # 2,500,000 VND is $100.00
        (2_499_999, "0.00004", "VND", "USD", 99_99),   # $99.9999...: never rounded up
        (2000, "0.00004", "VND", "USD", 8),            # 8 cents
        (100_00, "25000", "USD", "VND", 2_500_000),
        (50_00, "1.08", "EUR", "USD", 54_00),
        (1_000, "3.25", "KWD", "USD", 3_25),           # 1.000 KWD, three minor digits
    ],
)
def test_conversions_are_exact_and_round_down(amount, rate, from_code, to_code, expected):
    exact = Fraction(Decimal(rate))
    assert convert(amount, rate=exact, from_code=from_code, to_code=to_code) == expected
