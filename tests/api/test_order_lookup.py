"""GET /v1/orders and /v1/orders/{id}: a shop finds the orders it posted and the ones Stripe's
events made (by payment intent or invoice), with their refunds and the rewards each earned."""

from datetime import timedelta

from tests.support.errors import error_of
from tests.support.orders import make_rule, order
from tests.support.referrals import click, enroll
from tests.support.stripe import (
    checkout_session,
    connect,
    deliver,
    event,
    invoice,
    invoice_payment,
)


def orders(client, merchant, query="", **headers) -> dict:
    response = client.get(f"/v1/orders{query}", headers=merchant.headers(**headers))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["object"] == "list", body
    return body


def external_ids(body) -> list[str]:
    return [found["external_id"] for found in body["data"]]


def _shop(client, merchant):
    connect(client, merchant)
    make_rule(client, merchant)  # the referrer: a point per dollar
    make_rule(client, merchant, name="Buyer bonus", beneficiary="referee",
              reward={"type": "fixed_points", "value": 5})
    return enroll(client, merchant), enroll(client, merchant, external_id="cus_cara",
                                                   email="cara@example.com")


def test_an_order_shows_its_refunds_and_the_rewards_it_earned(client, merchant):
    ana, _ = _shop(client, merchant)
    placed = order(client, merchant, code=ana["code"]).get_json()
    refund = client.post(f"/v1/orders/{placed['id']}/refunds", headers=merchant.headers(),
                         json={"amount": 2_500, "external_id": "re-1"}).get_json()
    shown = client.get(f"/v1/orders/{placed['id']}", headers=merchant.headers()).get_json()
    assert (shown["refunded_amount"], [r["id"] for r in shown["refunds"]]) == (
        2_500, [refund["id"]])
    earned = {(r["beneficiary"], r["promoter"]): r for r in shown["rewards"]}
    by_ana = earned["referrer", ana["id"]]
    assert (by_ana["object"], by_ana["unit"], by_ana["amount"], by_ana["clawed_back_by_refunds"],
            by_ana["status"]) == ("reward", "points", 100, 25, "pending")
    assert by_ana["rule"].startswith("rul_") and by_ana["ledger_transaction"].startswith("txn_")
    (buyer,) = [r for r in shown["rewards"] if r["beneficiary"] == "referee"]
    assert (buyer["amount"], buyer["clawed_back_by_refunds"]) == (5, 1)  # a quarter, rounded
    listed = orders(client, merchant)["data"][0]
    assert (listed["id"], listed["refunds"], listed["rewards"]) == (
        shown["id"], shown["refunds"], shown["rewards"])


def test_orders_are_found_by_promoter_customer_and_creation_time(client, clock, merchant):
    ana, cara = _shop(client, merchant)
    order(client, merchant, external_id="o-ana-1", customer="cus_ben", code=ana["code"])
    start = clock.now()
    clock.advance(hours=1)
    order(client, merchant, external_id="o-cara-1", customer="cus_dan", code=cara["code"])
    order(client, merchant, external_id="o-ana-2", customer="cus_ben", code=ana["code"])
    clock.advance(hours=1)
    order(client, merchant, external_id="o-none", customer="cus_eve")
    assert external_ids(orders(client, merchant)) == ["o-none", "o-ana-2", "o-cara-1", "o-ana-1"]
    assert external_ids(orders(client, merchant, f"?promoter={ana['id']}")) == [
        "o-ana-2", "o-ana-1"]
    assert external_ids(orders(client, merchant, "?customer_external_id=cus_ben")) == [
        "o-ana-2", "o-ana-1"]
    after, before = (start + timedelta(minutes=30)).isoformat(), (
        start + timedelta(minutes=90)).isoformat()
    query = f"?created_after={after}&created_before={before}".replace("+", "%2B")
    assert external_ids(orders(client, merchant, query)) == ["o-ana-2", "o-cara-1"]
    assert external_ids(orders(client, merchant, "?external_id=o-cara-1")) == ["o-cara-1"]
    first = orders(client, merchant, "?limit=3")
    assert (external_ids(first), first["has_more"]) == (["o-none", "o-ana-2", "o-cara-1"], True)
    rest = orders(client, merchant, f"?limit=3&starting_after={first['data'][-1]['id']}")
    assert (external_ids(rest), rest["has_more"]) == (["o-ana-1"], False)


def test_orders_stripe_made_are_found_by_payment_intent_and_invoice(client, merchant):
    ana, _ = _shop(client, merchant)
    click_id = click(client, f"/r/{ana['code']}")
    deliver(client, merchant.id, event("checkout.session.completed", checkout_session(
        payment_intent="pi_gw_checkout", customer="cus_ben", client_reference_id=click_id)))
    deliver(client, merchant.id, event("invoice.paid", invoice(
        invoice_id="in_gw_first", customer="cus_dan", payment_intent="pi_gw_invoice",
        subscription_metadata={"goodword_click_id": click(client, f"/r/{ana['code']}")})))
    deliver(client, merchant.id, event("invoice_payment.paid", invoice_payment(
        invoice_id="in_gw_first", payment_intent="pi_gw_invoice")))
    order(client, merchant, external_id="shop-77", customer="cus_eve", code=ana["code"],
          stripe_payment_intent="pi_gw_shop")
    for query, expected in (("?stripe_payment_intent=pi_gw_checkout", ["pi_gw_checkout"]),
                            ("?stripe_invoice=in_gw_first", ["in_gw_first"]),
                            ("?stripe_payment_intent=pi_gw_invoice", ["in_gw_first"]),
                            ("?stripe_payment_intent=pi_gw_shop", ["shop-77"]),
                            ("?stripe_payment_intent=pi_gw_nobody", []),
                            ("?stripe_payment_intent=pi_gw_shop&external_id=shop-77",
                             ["shop-77"]),
                            ("?stripe_payment_intent=pi_gw_shop&stripe_invoice=in_gw_first",
                             [])):
        assert external_ids(orders(client, merchant, query)) == expected, query


def test_bad_lookups_are_refused_with_the_error_object(client, merchant):
    for query, code, param in (("?colour=red", "parameter_unknown", "colour"),
                               ("?stripe_payment_intent=ch_1", "parameter_invalid",
                                "stripe_payment_intent"),
                               ("?stripe_invoice=pi_1", "parameter_invalid", "stripe_invoice"),
                               ("?created_after=yesterday", "parameter_invalid",
                                "created_after"),
                               ("?limit=0", "parameter_invalid", "limit"),
                               ("?starting_after=pro_1", "parameter_invalid",
                                "starting_after")):
        response = client.get(f"/v1/orders{query}", headers=merchant.headers())
        assert response.status_code == 400, query
        assert (error_of(response)["code"], error_of(response)["param"]) == (code, param), query
    placed = order(client, merchant).get_json()
    response = client.get(f"/v1/orders/{placed['id']}?expand=promoter",
                          headers=merchant.headers())
    assert (response.status_code, error_of(response)["code"]) == (400, "parameter_unknown")


def test_another_merchants_order_is_a_404_and_never_listed(client, make_merchant, merchant):
    ana, _ = _shop(client, merchant)
    theirs = order(client, merchant, external_id="acme-1", code=ana["code"],
                   stripe_payment_intent="pi_gw_acme").get_json()
    globex = make_merchant(name="Globex")
    order(client, globex, external_id="globex-1", customer="cus_zed")
    missing = client.get(f"/v1/orders/{theirs['id']}", headers=globex.headers())
    assert (missing.status_code, error_of(missing)["code"]) == (404, "resource_missing")
    assert external_ids(orders(client, globex)) == ["globex-1"]
    for query in ("?external_id=acme-1", "?stripe_payment_intent=pi_gw_acme",
                  f"?promoter={ana['id']}", "?customer_external_id=cus_ben"):
        assert orders(client, globex, query)["data"] == [], query
