"""Amounts as a merchant types them in the rule editor: exact integers, or refused, never a
float rounded somewhere; and a promoter's history said as sentences."""

from datetime import UTC, datetime

import pytest

from api.dashboard.amounts import (
    AmountInvalid,
    basis_points_to_percent,
    minor_to_money,
    money_to_minor,
    percent_to_basis_points,
    reward_words,
    times_to_basis_points,
    times_words,
)
from api.portal.words import history_sentence
from referrals.promoters.history import HistoryItem


@pytest.mark.parametrize(("typed", "currency", "minor"), [
    ("20", "USD", 2000), ("20.5", "USD", 2050), ("$1,234.56", "USD", 123456),
    ("20,50", "EUR", 2050), ("500", "JPY", 500), ("1.250", "KWD", 1250), (" 0.01 ", "USD", 1),
])
def test_money_is_read_exactly_in_the_currencys_minor_units(typed, currency, minor):
    assert money_to_minor(typed, currency) == minor


@pytest.mark.parametrize(("typed", "currency"), [
    ("0.005", "USD"), ("1.5", "JPY"), ("ten", "USD"), ("-5", "USD"), ("1e3", "USD"), ("", "USD"),
])
def test_money_that_would_need_rounding_or_is_not_a_number_is_refused(typed, currency):
    with pytest.raises(AmountInvalid):
        money_to_minor(typed, currency)


def test_percent_and_basis_points_round_trip():
    assert [percent_to_basis_points(p) for p in ("10", "2.5", "0.01", "100")] == [
        1000, 250, 1, 10000]
    assert [basis_points_to_percent(b) for b in (1000, 250, 1, 10000)] == [
        "10", "2.5", "0.01", "100"]
    with pytest.raises(AmountInvalid):
        percent_to_basis_points("2.555")
    assert minor_to_money(2050, "USD") == "20.50" and minor_to_money(500, "JPY") == "500"


TIMES = "\N{MULTIPLICATION SIGN}"


def test_a_tier_multiplier_is_typed_and_read_as_times_the_points():
    assert [times_to_basis_points(t) for t in ("1.5", "1,5", f"2{TIMES}", "1.2345", "10")] == [
        15000, 15000, 20000, 12345, 100000]
    assert [times_words(b) for b in (15000, 10000, 12345, 100000)] == [
        f"1.5{TIMES}", f"1{TIMES}", f"1.2345{TIMES}", f"10{TIMES}"]
    for typed in ("1.00005", "1.5.1", "-2", ""):
        with pytest.raises(AmountInvalid):
            times_to_basis_points(typed)


def test_a_rules_reward_reads_in_the_merchants_money():
    assert reward_words("percent_of_order", 1000, currency="USD") == (
        "10% of the order, as store credit")
    assert reward_words("fixed_credit", 500, currency="EUR") == "€5.00 store credit"
    assert reward_words("points_per_currency_unit", 2, currency="USD") == "2 points per $1"
    assert reward_words("fixed_points", 1500, currency="USD") == "1,500 points"


WHEN = datetime(2026, 12, 7, tzinfo=UTC)


@pytest.mark.parametrize(("item", "english", "german"), [
    (HistoryItem(WHEN, "earned", 500, "points", "first_order", friend="ben@example.com"),
     "You earned 500 points: your friend B. placed their first order.",
     "Sie haben 500 Punkte erhalten: Ihr Freund B. hat zum ersten Mal bestellt."),
    (HistoryItem(WHEN, "used", 300, "points", "redemption", credit_amount=300,
                 credit_currency="USD", reward_kind="store_credit"),
     "You used 300 points for $3.00 store credit.",
     "Sie haben 300 Punkte für $3.00 Guthaben eingelöst."),
    (HistoryItem(WHEN, "returned", 300, "points", "redemption"),
     "300 points came back to you: the reward could not be issued.",
     "300 Punkte zurückerhalten: die Prämie konnte nicht ausgestellt werden."),
    (HistoryItem(WHEN, "taken_back", 1, "points", "refund"),
     "1 point taken back: an order was refunded.",
     "1 Punkt zurückgebucht: eine Bestellung wurde erstattet."),
    (HistoryItem(WHEN, "earned", 1200, "points", "share", channel="whatsapp"),
     "You earned 1,200 points: you shared your link (whatsapp).",
     "Sie haben 1.200 Punkte erhalten: Sie haben Ihren Link geteilt (whatsapp)."),
])
def test_history_is_said_as_what_happened(item, english, german):
    assert history_sentence(item, lang="en") == english
    assert history_sentence(item, lang="de") == german


def test_the_portal_says_everything_in_both_languages():
    from api.portal.words import TEXT

    assert TEXT["de"].keys() == TEXT["en"].keys()
