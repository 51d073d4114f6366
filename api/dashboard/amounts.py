"""Amounts as a merchant types and reads them: "10" percent, "20.00" dollars, "500" points.

The API counts in basis points and minor units, so nothing is ever a float; the dashboard's
forms let a person write what they mean and turn it into those integers here, exactly (a
decimal string, never a float), refusing what would need rounding ("0.005" dollars).
"""

import re
from decimal import Decimal, InvalidOperation

from core.currencies import format_money, minor_units

BASIS_POINTS_PER_PERCENT = 100
BASIS_POINTS_PER_TIMES = 10_000  # a tier multiplier: 15000 basis points is 1.5x
TIMES_SIGN = "\N{MULTIPLICATION SIGN}"
NUMBER = re.compile(r"^\d{1,15}(\.\d{1,6})?$")


class AmountInvalid(ValueError):
    pass


def _decimal(text: str) -> Decimal:
    """"1,234.50", " 20 ", "$20" read as a plain decimal number."""
    cleaned = re.sub(r"[\s$€£%]", "", text)
    if re.fullmatch(r"\d{1,15},\d{1,2}", cleaned):  # "20,50": a decimal comma
        cleaned = cleaned.replace(",", ".")
    else:  # "1,234.50": thousands separators
        cleaned = cleaned.replace(",", "")
    if not NUMBER.match(cleaned):
        raise AmountInvalid(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise AmountInvalid(text) from None


def money_to_minor(text: str, currency: str) -> int:
    """"20.50" USD is 2050; "20.505" USD is refused (a cent has no halves)."""
    minor = _decimal(text) * minor_units(currency)
    if minor != minor.to_integral_value():
        raise AmountInvalid(text)
    return int(minor)


def minor_to_money(amount: int, currency: str) -> str:
    """2050 USD as the form shows it: "20.50" (no symbol, no thousands separator)."""
    per_unit = minor_units(currency)
    digits = len(str(per_unit)) - 1
    major, minor = divmod(amount, per_unit)
    return f"{major}.{minor:0{digits}d}" if digits else str(major)


def percent_to_basis_points(text: str) -> int:
    """"10" is 1000 basis points, "2.5" is 250; "2.555" is refused."""
    points = _decimal(text) * BASIS_POINTS_PER_PERCENT
    if points != points.to_integral_value():
        raise AmountInvalid(text)
    return int(points)


def basis_points_to_percent(value: int) -> str:
    """1000 basis points as "10", 250 as "2.5"."""
    percent = Decimal(value) / BASIS_POINTS_PER_PERCENT
    return format(percent.normalize(), "f")


def times_to_basis_points(text: str) -> int:
    """A tier multiplier as typed: "1.5" (or "1.5x" with either sign, "1,5") is 15000 basis points;
    "1.00005" is refused (a basis point has no halves)."""
    points = _decimal(re.sub(rf"\s*[{TIMES_SIGN}xX]\s*$", "", text)) * BASIS_POINTS_PER_TIMES
    if points != points.to_integral_value():
        raise AmountInvalid(text)
    return int(points)


def basis_points_to_times(value: int) -> str:
    """15000 basis points as "1.5", 10000 as "1", 12345 as "1.2345"."""
    return format((Decimal(value) / BASIS_POINTS_PER_TIMES).normalize(), "f")


# The form's one message for a multiplier it cannot store: not a number, needing more precision
# than a basis point, or outside what /v1/tiers allows (1x to 10x).
MULTIPLIER_PROBLEM = ("Enter how many times the points, from 1 to 10, like 1.5 for "
                      f"1.5{TIMES_SIGN} (at most 4 decimal places).")


def times_words(value: int) -> str:
    """A tier multiplier as the merchant reads it: "1.5" and the multiplication sign."""
    return f"{basis_points_to_times(value)}{TIMES_SIGN}"


def reward_words(reward_type: str, value: int, *, currency: str) -> str:
    """A rule's reward as the merchant reads it: "10% of the order, as store credit"."""
    if reward_type == "fixed_points":
        return f"{value:,} points"
    if reward_type == "points_per_currency_unit":
        return f"{value:,} points per {format_money(minor_units(currency), currency, whole=True)}"
    if reward_type == "percent_of_order":
        return f"{basis_points_to_percent(value)}% of the order, as store credit"
    if reward_type == "fixed_credit":
        return f"{format_money(value, currency)} store credit"
    if reward_type == "coupon":
        return f"a {format_money(value, currency)} coupon"
    return str(value)
