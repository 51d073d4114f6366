"""ISO 4217 currencies in use, how many minor units each has (amounts are integers), and how an
amount is shown and converted. Conversions are exact fractions rounded down once, so nobody is
ever paid a fraction of a minor unit the merchant did not promise."""

from fractions import Fraction

# Currencies with no minor unit (as Stripe charges them: MGA too); BHD, IQD, JOD, KWD, LYD,
# OMR and TND have three.
_ZERO_DECIMAL = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "ISK",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "UYI",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
_THREE_DECIMAL = frozenset(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])

CURRENCIES = frozenset(
    [
        "AED",
        "AFN",
        "ALL",
        "AMD",
        "ANG",
        "AOA",
        "ARS",
        "AUD",
        "AWG",
        "AZN",
        "BAM",
        "BBD",
        "BDT",
        "BGN",
        "BHD",
        "BIF",
        "BMD",
        "BND",
        "BOB",
        "BRL",
        "BSD",
        "BTN",
        "BWP",
        "BYN",
        "BZD",
        "CAD",
        "CDF",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CRC",
        "CUP",
        "CVE",
        "CZK",
        "DJF",
        "DKK",
        "DOP",
        "DZD",
        "EGP",
        "ERN",
        "ETB",
        "EUR",
        "FJD",
        "FKP",
        "GBP",
        "GEL",
        "GHS",
        "GIP",
        "GMD",
        "GNF",
        "GTQ",
        "GYD",
        "HKD",
        "HNL",
        "HTG",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "IQD",
        "IRR",
        "ISK",
        "JMD",
        "JOD",
        "JPY",
        "KES",
        "KGS",
        "KHR",
        "KMF",
        "KPW",
        "KRW",
        "KWD",
        "KYD",
        "KZT",
        "LAK",
        "LBP",
        "LKR",
        "LRD",
        "LSL",
        "LYD",
        "MAD",
        "MDL",
        "MGA",
        "MKD",
        "MMK",
        "MNT",
        "MOP",
        "MRU",
        "MUR",
        "MVR",
        "MWK",
        "MXN",
        "MYR",
        "MZN",
        "NAD",
        "NGN",
        "NIO",
        "NOK",
        "NPR",
        "NZD",
        "OMR",
        "PAB",
        "PEN",
        "PGK",
        "PHP",
        "PKR",
        "PLN",
        "PYG",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "RWF",
        "SAR",
        "SBD",
        "SCR",
        "SDG",
        "SEK",
        "SGD",
        "SHP",
        "SLE",
        "SOS",
        "SRD",
        "SSP",
        "STN",
        "SVC",
        "SYP",
        "SZL",
        "THB",
        "TJS",
        "TMT",
        "TND",
        "TOP",
        "TRY",
        "TTD",
        "TWD",
        "TZS",
        "UAH",
        "UGX",
        "USD",
        "UYU",
        "UZS",
        "VES",
        "VND",
        "VUV",
        "WST",
        "XAF",
        "XCD",
        "XOF",
        "XPF",
        "YER",
        "ZAR",
        "ZMW",
        "ZWL",
    ]
)


def is_currency(code: str) -> bool:
    return code in CURRENCIES


def minor_units(code: str) -> int:
    """How many minor units make one major unit: 100 cents, 1 yen, 1000 fils."""
    code = code.upper()
    if code in _ZERO_DECIMAL:
        return 1
    return 1000 if code in _THREE_DECIMAL else 100


# Stripe writes these zero-decimal currencies with two decimals that are always 00 ("to charge
# 5 ISK, provide 500", for backward compatibility; Stripe's currencies page, special cases).
# HUF is special there for payouts only (charges take two decimals, as ISO 4217 and this module
# count it), TWD is two-decimal here as in ISO 4217, and UGX is in Stripe's zero-decimal list as
# it is here: only ISK needs converting.
_STRIPE_TWO_DECIMAL = frozenset(["ISK"])


def from_stripe_amount(amount: int, code: str) -> int:
    """An amount as Stripe writes it, in minor units of `code` as Goodword counts them."""
    return amount // 100 if code.upper() in _STRIPE_TWO_DECIMAL else amount


def to_stripe_amount(amount: int, code: str) -> int:
    """Minor units of `code` as Stripe wants them written (see from_stripe_amount)."""
    return amount * 100 if code.upper() in _STRIPE_TWO_DECIMAL else amount


# Symbols shown only where one currency owns them; "$" alone would be ambiguous for CAD or AUD.
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def format_money(amount: int, code: str, *, whole: bool = False) -> str:
    """Minor units as a person reads them: 500 USD is "$5.00", 2500000 VND "2,500,000 VND",
    1500 KWD "1.500 KWD". `whole`: leave out minor units that are all zero ("$10")."""
    code = code.upper()
    per_unit = minor_units(code)
    sign = "-" if amount < 0 else ""
    major, minor = divmod(abs(amount), per_unit)
    digits = len(str(per_unit)) - 1
    number = f"{major:,}"
    if digits and not (whole and minor == 0):
        number += f".{minor:0{digits}d}"
    symbol = _SYMBOLS.get(code)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {code}"


def convert(amount: int, *, rate: Fraction, from_code: str, to_code: str) -> int:
    """`amount` minor units of `from_code` in minor units of `to_code`, where one major unit of
    `from_code` is worth `rate` major units of `to_code`; rounded down."""
    return (amount * rate.numerator * minor_units(to_code)) // (
        rate.denominator * minor_units(from_code)
    )
