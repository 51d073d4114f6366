"""The exchange rates a merchant sets: what one unit of another currency is worth in theirs.

A rule that pays by amount counts in one currency (see rewards.program.rules); an order in another
currency counts only through a rate the merchant chose, never one Goodword guessed or fetched,
because the merchant decides what a foreign sale is worth to them. Each rate is to the
merchant's currency, so one rate per foreign currency covers every pair (VND to EUR is the VND
rate over the EUR rate); a rate set before the merchant changed currency no longer applies.
Rates are kept as the exact decimal text the merchant gave, and used as exact fractions.
"""

import re
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import CheckConstraint, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.currencies import is_currency
from core.db import UTCDateTime, db, insert_unless_exists
from core.errors import InvalidInput, NotFound
from core.merchants.models import Merchant

# Digits only: no sign, exponent, NaN or float spelling; at most 12 digits either side, so a
# rate stays exact and a conversion's integers stay small.
_RATE = re.compile(r"(0|[1-9][0-9]{0,11})(\.[0-9]{1,12})?")


class ExchangeRate(db.Model):
    __tablename__ = "exchange_rates"
    __table_args__ = (CheckConstraint("currency <> to_currency", name="not_own_currency"),)

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    # The merchant's currency when the rate was set: the rate counts only while it still is.
    to_currency: Mapped[str] = mapped_column(String(3))
    # Major units of to_currency per major unit of currency, as exact decimal text ("0.00004").
    rate: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExchangeRateNotFound(NotFound):
    code = "exchange_rate_missing"


def parse_rate(text) -> Fraction:
    """The rate as an exact fraction, or InvalidInput: a positive decimal written as text."""
    if not isinstance(text, str) or not _RATE.fullmatch(text):
        raise InvalidInput(
            'rate must be a positive decimal written as a string, such as "0.00004" or '
            '"25000" (at most 12 digits before and after the point).', param="rate")
    rate = Fraction(Decimal(text))
    if rate <= 0:
        raise InvalidInput("rate must be above zero.", param="rate")
    return rate


def set_rate(session: Session, *, merchant: Merchant, currency: str, rate: str,
             now: datetime) -> tuple[ExchangeRate, bool]:
    """Set (or replace) what one unit of `currency` is worth in the merchant's currency;
    returns (rate, created). Checked whole before anything is written."""
    currency = (currency or "").upper()
    if not is_currency(currency):
        raise InvalidInput("currency must be an ISO 4217 code such as EUR.", param="currency")
    if currency == merchant.currency.upper():
        raise InvalidInput(f"{currency} is the merchant's own currency: it needs no rate.",
                           param="currency")
    parse_rate(rate)
    shown = _plain(Decimal(rate))  # "0.000040" is stored and shown as "0.00004"
    row = ExchangeRate(merchant_id=merchant.id, currency=currency,
                       to_currency=merchant.currency.upper(), rate=shown, updated_at=now)
    if insert_unless_exists(session, row):
        return row, True
    row = session.scalars(
        select(ExchangeRate).where(ExchangeRate.merchant_id == merchant.id,
                                   ExchangeRate.currency == currency).with_for_update()
    ).one()
    row.to_currency, row.rate, row.updated_at = merchant.currency.upper(), shown, now
    session.flush()
    return row, False


def list_rates(session: Session, *, merchant: Merchant) -> list[ExchangeRate]:
    """The merchant's rates to their current currency, by currency."""
    return list(session.scalars(
        select(ExchangeRate).where(ExchangeRate.merchant_id == merchant.id,
                                   ExchangeRate.to_currency == merchant.currency.upper())
        .order_by(ExchangeRate.currency)
    ))


def get_rate(session: Session, *, merchant: Merchant, currency: str) -> ExchangeRate:
    found = session.get(ExchangeRate, (merchant.id, (currency or "").upper()))
    if found is None or found.to_currency != merchant.currency.upper():
        raise ExchangeRateNotFound(f"No exchange rate is set for {currency!r}.",
                                   param="currency")
    return found


def remove_rate(session: Session, *, merchant: Merchant, currency: str) -> ExchangeRate:
    """Stop counting orders in `currency` for rules in another currency."""
    found = get_rate(session, merchant=merchant, currency=currency)
    session.delete(found)
    session.flush()
    return found


def has_rates(session: Session, *, merchant_id: str) -> bool:
    """Whether the merchant set any exchange rate (to any currency)."""
    return session.scalar(
        select(ExchangeRate.currency).where(ExchangeRate.merchant_id == merchant_id).limit(1)
    ) is not None


def rate_between(session: Session, *, merchant: Merchant, from_code: str, to_code: str
                 ) -> Fraction | None:
    """Major units of `to_code` one major unit of `from_code` is worth under the merchant's
    rates (through the merchant's currency); None when either rate is not set."""
    home = merchant.currency.upper()
    wanted = {from_code, to_code} - {home}
    worth = {home: Fraction(1)}
    if wanted:
        worth.update((row.currency, Fraction(Decimal(row.rate))) for row in session.execute(
            select(ExchangeRate.currency, ExchangeRate.rate).where(
                ExchangeRate.merchant_id == merchant.id, ExchangeRate.currency.in_(wanted),
                ExchangeRate.to_currency == home)))
    if from_code not in worth or to_code not in worth:
        return None
    return worth[from_code] / worth[to_code]


def rate_text(rate: Fraction) -> str:
    """An exact rate as decimal text when it has one ("0.00004"), else as a fraction."""
    decimal = Decimal(rate.numerator) / Decimal(rate.denominator)
    if Fraction(decimal) == rate:
        return _plain(decimal)
    return f"{rate.numerator}/{rate.denominator}"


def _plain(decimal: Decimal) -> str:
    """Decimal text without exponent or trailing zeros: 4E-5 is "0.00004", 2.5E+4 "25000"."""
    text = f"{decimal:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
