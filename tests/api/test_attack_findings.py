"""Attacks on the money path found in review (issue 18), each one a way it paid what it should
not: every test asserts what the merchant or promoter would notice, and failed before its fix."""

import threading

from rewards.earning import standing
from tests.threads import join_all

from .stripe_support import checkout_session, connect, deliver, event
from .test_currencies import units
from .test_errors import error_of
from .test_orders import balance, make_rule, order
from .test_referrals import click, enroll, sign_up
from .test_stripe_friend_codes import _friend_coupon, _promotion_code
from .test_stripe_payouts import earn_points, redeem
from .test_stripe_timeouts import slow_stripe  # noqa: F401 (a fixture)


def referred(client, merchant):
    ana = enroll(client, merchant)
    sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
            referee_external_id="cus_ben", referee_email="ben@example.com")
    return ana


def test_a_payout_held_before_a_block_is_not_sent_after_it(
        app, client, clock, merchant, fake_stripe, slow_stripe):  # noqa: F811
    ana = earn_points(client, clock, merchant, "cus_ana")
    connect(client, merchant)
    slow_stripe(slow_calls=3)  # Stripe does not answer: the payout stays held
    held = redeem(client, merchant, ana["id"]).get_json()
    assert held["status"] == "held"

    # The merchant finds the fraud and blocks Ana before the retry job runs.
    blocked = client.post(f"/v1/promoters/{ana['id']}/block", json={},
                          headers=merchant.headers())
    assert blocked.status_code == 200, blocked.get_json()
    clock.advance(minutes=3)
    app.test_cli_runner().invoke(args=["retry-payouts"])

    after = client.get(f"/v1/redemptions/{held['id']}", headers=merchant.headers()).get_json()
    # A blocked promoter "cannot redeem": no promotion code may reach her after the block.
    assert after["promotion_code"] is None
    assert after["status"] != "issued"


def test_a_spent_credit_budget_stays_spent_after_the_merchant_changes_currency(
        client, merchant):
    ana = referred(client, merchant)
    # $10.00 of store credit per order, $10.00 in all.
    make_rule(client, merchant, name="Cashback", reward={"type": "fixed_credit", "value": 1000},
              limits={"budget": 1000})
    assert order(client, merchant, external_id="o-1").status_code == 201
    assert units(client, merchant, ana["id"]) == {"USD": 1000}

    # The shop tries to move to euros; the rule's budget was used up in dollars. The change is
    # refused while anything holds an amount in dollars (the rule, the credit issued), so the
    # budget cannot be read afresh in euros.
    changed = client.patch("/v1/merchant", json={"currency": "EUR"}, headers=merchant.headers())
    assert changed.status_code == 409, changed.get_json()
    error = error_of(changed)
    assert (error["code"], error["param"]) == ("currency_in_use", "currency")
    assert "'Cashback'" in error["message"] and "store credit" in error["message"]
    assert client.get("/v1/merchant", headers=merchant.headers()).get_json()["currency"] == "USD"
    assert order(client, merchant, external_id="o-2", currency="EUR").status_code == 201
    assert units(client, merchant, ana["id"]) == {"USD": 1000}  # the budget pays no second time


def test_a_currency_change_does_not_turn_2_dollars_of_dong_into_500_dollars(client, merchant):
    assert client.patch("/v1/merchant", json={"currency": "VND"},
                        headers=merchant.headers()).status_code == 200
    ana = referred(client, merchant)
    # 50,000 VND (about $2) of store credit per referred order.
    make_rule(client, merchant, name="Thank you", reward={"type": "fixed_credit", "value": 50_000})

    changed = client.patch("/v1/merchant", json={"currency": "USD"}, headers=merchant.headers())
    # Refused while the rule's value is in dong, and nothing changed: the rule still pays ~$2.
    assert changed.status_code == 409, changed.get_json()
    assert error_of(changed)["code"] == "currency_in_use"
    assert client.get("/v1/merchant", headers=merchant.headers()).get_json()["currency"] == "VND"
    assert order(client, merchant, external_id="o-1", currency="USD").status_code == 201
    assert units(client, merchant, ana["id"]) == {"VND": 50_000}


def test_a_blocked_promoters_friend_code_stops_discounting_in_stripe(
        client, merchant, fake_stripe, localstripe_url):
    _friend_coupon(client, merchant, localstripe_url)
    ana = enroll(client, merchant)
    code = _promotion_code(client, merchant, ana["id"]).get_json()
    assert client.post(f"/v1/promoters/{ana['id']}/block", json={},
                       headers=merchant.headers()).status_code == 200
    # Ana posted her code on a coupon site; every checkout with it still takes 10% off.
    assert fake_stripe.promotion_codes[code["id"]]["active"] is False


def test_a_stripe_checkout_in_kronur_earns_per_krona_not_per_eyrir(
        client, merchant, fake_stripe):
    assert client.patch("/v1/merchant", json={"currency": "ISK"},
                        headers=merchant.headers()).status_code == 200
    connect(client, merchant)
    ana = referred(client, merchant)
    make_rule(client, merchant)  # 1 point per krona
    # Ben pays 500 ISK at Stripe Checkout; Stripe writes ISK with two decimals: 50000.
    session = checkout_session(customer="cus_ben", email="ben@example.com", amount=50_000)
    response = deliver(client, merchant.id, event("checkout.session.completed",
                                                  session | {"currency": "isk"}))
    assert response.get_json()["outcome"] == "order_recorded", response.get_json()
    assert units(client, merchant, ana["id"]) == {"points": 500}


def test_a_rule_in_a_currency_that_does_not_exist_is_refused(client, merchant):
    response = client.post("/v1/rules", json={
        "name": "Typo", "trigger": "order.paid", "beneficiary": "referrer",
        "reward": {"type": "points_per_currency_unit", "value": 1},
        "conditions": {"currency": "USS"}}, headers=merchant.headers())
    assert response.status_code == 400
    assert error_of(response)["param"] == "conditions[currency]"
    assert client.get("/v1/rules", headers=merchant.headers()).get_json()["data"] == []


def _blocked_while_in_flight(app, merchant, monkeypatch, ana, name, act, *, pausing_for=None):
    """Run `act` (a request; its status) as `name` in one thread while the merchant blocks Ana in
    another: `act` pauses just after its standing check (of `pausing_for`, if given) until the
    block is answered or has waited 2 s. Whether the check ran; the answers as (name, status)."""
    checked, go = threading.Event(), threading.Event()
    real = standing.refusals

    def refusals_then_pause(session, *, promoter_ids, **options):
        found = real(session, promoter_ids=promoter_ids, **options)
        if (pausing_for is None or pausing_for in promoter_ids) and not checked.is_set():
            checked.set()  # the request has read "active"; the merchant blocks her now
            go.wait(5)
        return found

    monkeypatch.setattr(standing, "refusals", refusals_then_pause)
    answered = []

    def acting():
        answered.append((name, act()))

    def block():
        checked.wait(5)
        status = app.test_client().post(f"/v1/promoters/{ana['id']}/block", json={},
                                        headers=merchant.headers()).status_code
        answered.append(("block", status))

    in_flight, blocking = threading.Thread(target=acting), threading.Thread(target=block)
    in_flight.start()
    blocking.start()
    blocking.join(2)  # a block that waits for the request in flight is fine too
    go.set()
    join_all([in_flight, blocking], 15)
    return checked.is_set(), answered


def test_an_order_in_flight_when_a_promoter_is_blocked_pays_her_nothing(
        app, client, merchant, on_postgres, monkeypatch):
    ana = referred(client, merchant)
    make_rule(client, merchant)  # 1 point per dollar to the referrer

    def place_order():
        return app.test_client().post("/v1/orders", json={
            "external_id": "o-race", "customer_external_id": "cus_ben", "amount": 10_000,
            "currency": "USD"}, headers=merchant.headers()
        ).status_code

    checked, answered = _blocked_while_in_flight(app, merchant, monkeypatch, ana, "order",
                                                 place_order, pausing_for=ana["id"])
    assert checked and sorted(answered) == [("block", 200), ("order", 201)], answered
    if answered[0][0] == "block":
        # The merchant was told Ana is blocked before the order was recorded: she earns nothing.
        assert balance(client, merchant, ana["id"])["pending"] == 0


def test_a_redemption_in_flight_when_a_promoter_is_blocked_spends_nothing(
        app, client, clock, merchant, on_postgres, monkeypatch):
    ana = earn_points(client, clock, merchant, "cus_ana")  # 100 available points

    def spend():
        return app.test_client().post("/v1/redemptions", json={
            "promoter": ana["id"], "points": 100}, headers=merchant.headers()).status_code

    _, answered = _blocked_while_in_flight(app, merchant, monkeypatch, ana, "redeem", spend)
    assert ("block", 200) in answered, answered
    if answered[0][0] == "block":
        assert balance(client, merchant, ana["id"])["available"] == 100, answered


def test_a_promoter_earns_nothing_for_her_own_orders_under_a_second_account(client, merchant):
    ana = enroll(client, merchant, external_id="cus_ana", email="ana.lima@gmail.com")
    make_rule(client, merchant)  # 1 point per dollar to the referrer
    # Ana checks out as a guest with her own mailbox spelled another way and her own code.
    response = order(client, merchant, external_id="o-self", customer="guest_7781",
                     customer_email="a.n.a.lima+shop@gmail.com", code=ana["code"])
    assert response.status_code == 201, response.get_json()
    # A signup with that mailbox would be rejected as self_referral_email; the order pays her.
    assert units(client, merchant, ana["id"]) == {}
