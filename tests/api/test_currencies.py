"""Money in one currency: a rule that pays by amount counts in its currency (the merchant's unless
it names one), and an order in another currency earns from it only through an exchange rate the
merchant set, converted and rounded down; without one it earns nothing, and says why."""

import pytest

from tests.support.errors import error_of
from tests.support.orders import assert_books_balance, make_rule, order, units
from tests.support.referrals import click, enroll, sign_up

# The README's rule, on a USD merchant: 1 point per dollar, for orders of at least $20.
POINTS_PER_DOLLAR = {"name": "Points per dollar",
                     "reward": {"type": "points_per_currency_unit", "value": 1},
                     "conditions": {"min_order_amount": 2000}}
# $100 is 2,500,000 VND at 25,000 VND to the dollar.
VND_RATE = "0.00004"


@pytest.fixture
def ana(client, merchant):
    """Ana referred Ben; the merchant (USD) pays 1 point per dollar on orders of $20 or more."""
    ana = enroll(client, merchant)
    sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
            referee_external_id="cus_ben", referee_email="ben@example.com")
    make_rule(client, merchant, **POINTS_PER_DOLLAR)
    return ana


def set_rate(client, merchant, currency, rate, **headers):
    return client.post("/v1/exchange_rates", json={"currency": currency, "rate": rate},
                       headers=merchant.headers(**headers))


def history(client, merchant, promoter_id) -> list[dict]:
    return client.get(f"/v1/promoters/{promoter_id}/ledger_transactions",
                      headers=merchant.headers()).get_json()["data"]


def test_a_usd_order_earns_a_point_per_dollar(client, merchant, ana):
    assert order(client, merchant, amount=100_00, currency="USD").status_code == 201
    assert units(client, merchant, ana["id"]) == {"points": 100}


def test_a_vnd_order_without_a_rate_earns_nothing_and_says_why(client, merchant, ana):
    response = order(client, merchant, amount=2_500_000, currency="VND")
    assert response.status_code == 201
    assert units(client, merchant, ana["id"]) == {}  # not 2,500,000 points
    assert history(client, merchant, ana["id"]) == []
    (verdict,) = response.get_json()["rule_verdicts"]
    assert (verdict["outcome"], verdict["code"]) == ("skip", "currency_no_rate")
    assert "VND" in verdict["message"] and "exchange rate" in verdict["message"]
    dry = client.post("/v1/rules/dry_run", json={
        "trigger": "order.paid", "referrer": ana["id"], "order_amount": 2_500_000,
        "currency": "VND"}, headers=merchant.headers()).get_json()["data"]
    assert [(v["outcome"], v["code"]) for v in dry] == [("skip", "currency_no_rate")]


def test_a_vnd_order_earns_at_the_merchants_rate_and_the_ledger_says_so(client, merchant, ana):
    assert set_rate(client, merchant, "VND", VND_RATE).status_code == 201
    response = order(client, merchant, amount=2_500_000, currency="VND")
    assert units(client, merchant, ana["id"]) == {"points": 100}
    (verdict,) = response.get_json()["rule_verdicts"]
    assert (verdict["outcome"], verdict["amount"], verdict["unit"]) == ("award", 100, "points")
    (earned,) = history(client, merchant, ana["id"])
    assert earned["cause_id"] == response.get_json()["id"]
    assert "2,500,000 VND at 0.00004 USD per VND" in earned["description"]
    # Rounded down: 2,499,999 VND is $99.99999..., 99 points, never 100.
    order(client, merchant, external_id="o-2", amount=2_499_999, currency="VND")
    assert units(client, merchant, ana["id"]) == {"points": 199}
    assert_books_balance(client, merchant)


def test_min_20_dollars_is_not_met_by_8_cents_of_vnd(client, merchant, ana):
    set_rate(client, merchant, "VND", VND_RATE)
    response = order(client, merchant, amount=2000, currency="VND")  # $0.08
    assert units(client, merchant, ana["id"]) == {}
    (verdict,) = response.get_json()["rule_verdicts"]
    assert verdict["code"] == "condition_min_order_amount"
    assert verdict["message"] == "The order ($0.08) is below the minimum of $20.00."


def test_store_credit_for_a_eur_order_is_dollars_at_the_rate(client, merchant, ana):
    make_rule(client, merchant, name="Ten percent",
              reward={"type": "percent_of_order", "value": 1000})
    set_rate(client, merchant, "EUR", "1.08")
    response = order(client, merchant, amount=50_00, currency="EUR")
    assert units(client, merchant, ana["id"]) == {"points": 54, "USD": 540}  # 10% of $54.00
    credit = [v for v in response.get_json()["rule_verdicts"] if v["unit"] != "points"]
    assert [(v["unit"], v["amount"]) for v in credit] == [("USD", 540)]
    earned = {t["unit"]: t["description"] for t in history(client, merchant, ana["id"])}
    assert earned["USD"].startswith("$5.40 from rule 'Ten percent' v1")
    assert "€50.00 at 1.08 USD per EUR" in earned["USD"]
    assert_books_balance(client, merchant)


def test_a_rule_in_its_own_currency_converts_the_order_and_pays_credit_in_the_merchants(
        client, merchant, ana):
    make_rule(client, merchant, name="Euro loyalty", beneficiary="customer",
              reward={"type": "percent_of_order", "value": 1000},
              conditions={"currency": "EUR", "min_order_amount": 50_00})
    ben = client.get("/v1/promoters?external_id=cus_ben",
                     headers=merchant.headers()).get_json()["data"][0]["id"]

    def euro_loyalty(amount):
        verdicts = client.post("/v1/rules/dry_run", json={
            "trigger": "order.paid", "customer": ben, "order_amount": amount, "currency": "USD"},
            headers=merchant.headers()).get_json()["data"]
        (verdict,) = [v for v in verdicts if v["beneficiary"] == "customer"]
        return verdict

    assert euro_loyalty(54_00)["code"] == "currency_no_rate"
    order(client, merchant, amount=54_00)
    assert "USD" not in units(client, merchant, ben)
    set_rate(client, merchant, "EUR", "1.08")
    assert euro_loyalty(53_99)["code"] == "condition_min_order_amount"  # €49.99
    paid = euro_loyalty(54_00)  # €50.00, 10% is €5.00, paid as $5.40
    assert (paid["outcome"], paid["unit"], paid["amount"]) == ("award", "USD", 540)
    order(client, merchant, external_id="o-2", amount=54_00)
    assert units(client, merchant, ben) == {"USD": 540}


def test_rates_are_set_replaced_listed_and_removed(client, merchant):
    created = set_rate(client, merchant, "vnd", "0.000040")
    assert created.status_code == 201
    assert {k: created.get_json()[k] for k in ("object", "currency", "to_currency", "rate")} == {
        "object": "exchange_rate", "currency": "VND", "to_currency": "USD", "rate": "0.00004"}
    assert set_rate(client, merchant, "VND", "0.000041").status_code == 200
    listed = client.get("/v1/exchange_rates", headers=merchant.headers()).get_json()
    assert [(r["currency"], r["rate"]) for r in listed["data"]] == [("VND", "0.000041")]
    assert client.delete("/v1/exchange_rates/VND", headers=merchant.headers()).status_code == 200
    missing = client.get("/v1/exchange_rates/VND", headers=merchant.headers())
    assert (missing.status_code, error_of(missing)["code"]) == (404, "exchange_rate_missing")


def test_a_rate_replays_with_its_idempotency_key(client, merchant):
    first = set_rate(client, merchant, "EUR", "1.08", **{"Idempotency-Key": "rate-1"})
    again = set_rate(client, merchant, "EUR", "1.08", **{"Idempotency-Key": "rate-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert set_rate(client, merchant, "EUR", "2", **{"Idempotency-Key": "rate-1"}
                    ).status_code == 409


@pytest.mark.parametrize(
    ("currency", "rate", "param"),
    [
        ("VND", "0", "rate"),
        ("VND", "0.000", "rate"),
        ("VND", "-0.00004", "rate"),
        ("VND", 0.00004, "rate"),             # a JSON number: not exact
        ("VND", 4, "rate"),
        ("VND", "4e-05", "rate"),
        ("VND", "NaN", "rate"),
        ("VND", "Infinity", "rate"),
        ("VND", "0x10", "rate"),
        ("VND", "1,5", "rate"),
        ("VND", "", "rate"),
        ("VND", None, "rate"),
        ("VND", "0.0000000000001", "rate"),  # 13 decimals
        ("VND", "1" * 13, "rate"),
        ("XYZ", "1", "currency"),
        ("US", "1", "currency"),
        ("USD", "1", "currency"),            # the merchant's own
    ],
)
def test_bad_rates_are_refused_and_change_nothing(client, merchant, currency, rate, param):
    assert set_rate(client, merchant, "VND", VND_RATE).status_code == 201
    response = set_rate(client, merchant, currency, rate)
    assert response.status_code == 400, response.get_json()
    assert error_of(response)["param"] == param
    listed = client.get("/v1/exchange_rates", headers=merchant.headers()).get_json()["data"]
    assert [(r["currency"], r["rate"]) for r in listed] == [("VND", VND_RATE)]


def test_another_merchants_rate_is_not_theirs(client, make_merchant, merchant):
    globex = make_merchant("Globex", shop_url="https://globex.example/",
                           allowed_domains=["globex.example"])
    set_rate(client, merchant, "VND", VND_RATE)
    assert client.get("/v1/exchange_rates/VND", headers=globex.headers()).status_code == 404
    assert client.delete("/v1/exchange_rates/VND", headers=globex.headers()).status_code == 404
    assert client.get("/v1/exchange_rates", headers=globex.headers()).get_json()["data"] == []


def test_a_rate_set_before_the_merchant_changed_currency_stops_counting(client, merchant, ana):
    set_rate(client, merchant, "VND", VND_RATE)  # VND to USD
    # The rule names its currency, so the merchant's may change (see the tests below).
    (rule,) = client.get("/v1/rules", headers=merchant.headers()).get_json()["data"]
    assert client.patch(f"/v1/rules/{rule['id']}", json={"conditions": {"currency": "USD"}},
                        headers=merchant.headers()).status_code == 200
    changed = client.patch("/v1/merchant", json={"currency": "EUR"}, headers=merchant.headers())
    assert changed.status_code == 200, changed.get_json()
    response = order(client, merchant, amount=2_500_000, currency="VND")
    assert [v["code"] for v in response.get_json()["rule_verdicts"]] == ["currency_no_rate"]
    assert client.get("/v1/exchange_rates", headers=merchant.headers()).get_json()["data"] == []


def currency_change(client, merchant, **changes):
    return client.patch("/v1/merchant", json=changes, headers=merchant.headers())


def test_a_merchant_with_nothing_in_its_currency_changes_it(client, merchant):
    make_rule(client, merchant, name="Welcome", reward={"type": "fixed_points", "value": 500})
    make_rule(client, merchant, name="Ten percent",
              reward={"type": "percent_of_order", "value": 1000})
    changed = currency_change(client, merchant, currency="EUR")
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["currency"] == "EUR"


def test_a_rule_counting_orders_in_the_currency_holds_it_until_it_names_its_own(
        client, merchant, ana):
    refused = currency_change(client, merchant, currency="EUR")
    assert refused.status_code == 409
    error = error_of(refused)
    assert (error["code"], error["param"]) == ("currency_in_use", "currency")
    assert "'Points per dollar'" in error["message"]
    assert "give it its own currency (conditions.currency: USD)" in error["message"]
    assert client.get("/v1/merchant", headers=merchant.headers()).get_json()["currency"] == "USD"

    (rule,) = client.get("/v1/rules", headers=merchant.headers()).get_json()["data"]
    client.patch(f"/v1/rules/{rule['id']}", json={"conditions": {"currency": "USD"}},
                 headers=merchant.headers())
    assert currency_change(client, merchant, currency="EUR").status_code == 200
    # Its $20 minimum and its points per dollar are still in dollars: 100 EUR earns nothing
    # without a USD rate, instead of 100 points per euro.
    assert order(client, merchant, amount=100_00, currency="EUR").status_code == 201
    assert units(client, merchant, ana["id"]) == {}


def test_a_disabled_store_credit_rule_holds_the_currency_too(client, merchant):
    rule = make_rule(client, merchant, name="Old cashback", active=False,
                     reward={"type": "fixed_credit", "value": 500})
    refused = currency_change(client, merchant, currency="JPY")
    assert refused.status_code == 409
    # Enabling it again after the change would pay 500 yen for $5: it must change first.
    assert f"({rule['id']}, disabled) pays 500 minor units of USD" in error_of(refused)["message"]


def test_money_settings_an_owner_set_are_restated_with_the_currency(client, merchant):
    assert currency_change(client, merchant, point_value=5,
                           max_award_credit=20_000).status_code == 200
    refused = currency_change(client, merchant, currency="JPY")
    assert refused.status_code == 409
    message = error_of(refused)["message"]
    assert "point_value (5)" in message and "max_award_credit (20,000)" in message
    body = client.get("/v1/merchant", headers=merchant.headers()).get_json()
    assert (body["currency"], body["point_value"], body["max_award_credit"]) == ("USD", 5, 20_000)

    # 5 cents a point is about 8 yen; $200 is about 30,000 yen.
    changed = currency_change(client, merchant, currency="JPY", point_value=8,
                              max_award_credit=30_000)
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["point_value"] == 8


def test_store_credit_issued_keeps_the_merchants_currency(client, merchant, ana):
    make_rule(client, merchant, name="Ten percent",
              reward={"type": "percent_of_order", "value": 1000})
    (points,) = [r for r in client.get("/v1/rules", headers=merchant.headers()).get_json()[
        "data"] if r["name"] == "Points per dollar"]
    client.patch(f"/v1/rules/{points['id']}", json={"conditions": {"currency": "USD"}},
                 headers=merchant.headers())
    assert order(client, merchant, amount=50_00, currency="USD").status_code == 201
    refused = currency_change(client, merchant, currency="EUR")
    assert refused.status_code == 409
    assert "store credit has been issued in USD" in error_of(refused)["message"]


def test_the_dry_run_shows_store_credit_as_money(client, merchant, ana):
    make_rule(client, merchant, name="Ten percent",
              reward={"type": "percent_of_order", "value": 1000})
    verdicts = client.post("/v1/rules/dry_run", json={
        "trigger": "order.paid", "referrer": ana["id"], "order_amount": 50_00,
        "currency": "USD"}, headers=merchant.headers()).get_json()["data"]
    credit = {v["unit"]: (v["amount"], v["description"]) for v in verdicts}["USD"]
    assert credit == (500, "$5.00 from rule 'Ten percent' v1")
