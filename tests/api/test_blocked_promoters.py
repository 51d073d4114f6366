"""A blocked or erased promoter earns nothing on any path and cannot redeem
(rewards.earning.standing): each path below is driven through the API, the Stripe webhook or the
portal after Ana was blocked (or erased), and her balance and ledger must not move."""

import threading
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from api.cli.worker import Worker
from rewards.earning import standing
from tests.support.errors import error_of
from tests.support.orders import balance, make_rule, order
from tests.support.payouts import earn_points
from tests.support.portal import form_key_of, path_of, portal_link
from tests.support.referrals import click, enroll, sign_up
from tests.support.rewards import create_rule
from tests.support.stripe import checkout_session, connect, deliver, event, invoice, payment_intent
from tests.support.widget import SHARES, mint_session, widget_headers
from tests.threads import join_all

MODES = ("blocked", "erased")
# The shop fixture ends 30 days after Ana joined; the daily job runs a year after she did.
A_YEAR_AFTER_THE_SHOP = timedelta(days=365 - 30)
# The loyalty triggers: a rule's conditions, and the dry run's event fields that meet them.
LOYALTY = {
    "member.joined": ({}, {}),
    "member.birthday": ({}, {}),
    "member.anniversary": ({"years": 1}, {"years": 1}),
    "order.milestone": ({"nth": 2}, {"order_number": 2}),
    "activity.recorded": ({"activity_type": "review.written"},
                          {"activity_type": "review.written"}),
}


@dataclass
class Shop:
    """A merchant whose rules pay on every trigger, and Ana, who referred Ben (approved) and
    holds 100 available points from it. `kept`: what a row's `before` step leaves its `act`."""

    app: object
    client: object
    clock: object
    merchant: object
    ana: dict
    kept: dict = field(default_factory=dict)

    def order(self, **fields):
        """POST /v1/orders."""
        body = {"amount": 10_000, "currency": "USD", **fields}
        return self.client.post("/v1/orders", json=body, headers=self.merchant.headers())

    def stripe(self, stripe_event) -> str:
        """Deliver a Stripe event signed at the app's clock; Goodword's outcome."""
        response = deliver(self.client, self.merchant.id, stripe_event,
                           timestamp=int(self.clock.now().timestamp()))
        assert response.status_code == 200, response.get_json()
        return response.get_json()["outcome"]

    def books(self) -> tuple:
        """Ana's balances and ledger as the merchant sees them."""
        headers = self.merchant.headers()
        balances = self.client.get(f"/v1/promoters/{self.ana['id']}/balance", headers=headers)
        ledger = self.client.get(f"/v1/promoters/{self.ana['id']}/ledger_transactions?limit=100",
                                 headers=headers)
        assert balances.status_code == ledger.status_code == 200
        return balances.get_json()["balances"], ledger.get_json()["data"]


@pytest.fixture
def shop(app, client, clock, merchant) -> Shop:
    connect(client, merchant)
    create_rule(client, merchant)  # 100 points to the referrer per approved referral
    for trigger, name, reward in (
        ("order.paid", "Points per dollar", {"type": "points_per_currency_unit", "value": 1}),
        ("promoter.enrolled", "Welcome", {"type": "fixed_points", "value": 20}),
        ("share.created", "Thanks for sharing", {"type": "fixed_points", "value": 5}),
    ):
        create_rule(client, merchant, trigger=trigger, name=name, reward=reward)
    ana = enroll(client, merchant, external_id="cus_ana", email="ana.lima@example.com")
    assert sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
                   referee_external_id="cus_ben", referee_email="ben@example.com",
                   ).get_json()["status"] == "approved"
    clock.advance(days=30)
    assert app.test_cli_runner().invoke(args=["mature"]).exit_code == 0
    shop = Shop(app, client, clock, merchant, ana)
    assert balance(client, merchant, ana["id"])["available"] == 120  # referral + welcome
    return shop


def _stop(shop: Shop, mode: str) -> None:
    path = f"/v1/promoters/{shop.ana['id']}"
    response = (shop.client.post(path + "/block", headers=shop.merchant.headers())
                if mode == "blocked" else shop.client.delete(path, headers=shop.merchant.headers()))
    assert response.status_code == 200 and response.get_json()["status"] == "blocked"


# Each path: `before` runs while Ana is active (what must exist first), `act(shop, mode)` after
# she was blocked or erased, asserting the answer where there is one.

def _keep_link(shop: Shop) -> None:
    # Carl's own browser: the shop's client already holds Ben's click, which it would keep.
    carl = shop.client.application.test_client()
    shop.kept.update(click_id=click(carl, f"/r/{shop.ana['code']}"),
                     token=shop.ana["referral_url"].rsplit("/r/", 1)[1], code=shop.ana["code"])


def _by_link(evidence: str):
    def act(shop: Shop, mode: str) -> None:
        given = {evidence: shop.kept[evidence]}
        signup = sign_up(shop.client, shop.merchant, referee_external_id="cus_carl",
                         referee_email="carl@example.com", **given)
        placed = shop.order(external_id="o-carl", customer_external_id="cus_carl", **given)
        if mode == "erased" and evidence == "code":  # her code went with her name
            assert error_of(signup)["code"] == error_of(placed)["code"] == "resource_missing"
            return
        assert signup.status_code == 201
        assert [reason["code"] for reason in signup.get_json()["reasons"]] == [
            "promoter_blocked"]
        assert placed.status_code == 201 and placed.get_json()["promoter"] is None
    return act


def _order_of_referred_friend(shop: Shop, mode: str) -> None:
    placed = shop.order(external_id="o-ben", customer_external_id="cus_ben")
    # Still credited to the referral (it happened), but nothing is paid for it.
    assert placed.status_code == 201 and placed.get_json()["promoter"] == shop.ana["id"]


def _hold_a_referral(shop: Shop) -> None:
    held = sign_up(shop.client, shop.merchant, code=shop.ana["code"],
                   referee_external_id="cus_dora", referee_email="dora@mailinator.com")
    assert held.get_json()["status"] == "pending_review"
    shop.kept["referral"] = held.get_json()["id"]


def _approve_held_referral(shop: Shop, mode: str) -> None:
    approved = shop.client.post(f"/v1/referrals/{shop.kept['referral']}/approve",
                                json={}, headers=shop.merchant.headers())
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"


def _stripe_checkout_of_referred_friend(shop: Shop, mode: str) -> None:
    assert shop.stripe(event("checkout.session.completed", checkout_session(
        payment_intent="pi_ben", customer="cus_stripe_ben", email="ben@example.com",
    ))) == "order_recorded"


def _stripe_payment_intent_of_referred_friend(shop: Shop, mode: str) -> None:
    assert shop.stripe(event("payment_intent.succeeded", payment_intent(
        intent_id="pi_ben", customer="cus_ben"))) == "order_recorded"


def _stripe_invoice_of_referred_friend(shop: Shop, mode: str) -> None:
    assert shop.stripe(event("invoice.paid", invoice(
        invoice_id="in_ben", subscription="sub_ben", customer="cus_ben",
        email="ben@example.com", period_start=int(shop.clock.now().timestamp()),
    ))) == "order_recorded"


def _stripe_payment_intent_with_token(shop: Shop, mode: str) -> None:
    shop.stripe(event("payment_intent.succeeded", payment_intent(
        intent_id="pi_eve", customer="cus_eve", metadata={"goodword_token": shop.kept["token"]},
    )))


def _stripe_checkout_with_promotion_code(shop: Shop, mode: str) -> None:
    discounts = [{"promotion_code": {"id": "promo_ana", "object": "promotion_code",
                                     "code": shop.kept["code"]}}]
    shop.stripe(event("checkout.session.completed", checkout_session(
        payment_intent="pi_fay", customer="cus_fay", email="fay@example.com",
        discounts=discounts)))


def _start_a_subscription(shop: Shop) -> None:
    metadata = {"goodword_click_id": click(shop.client, f"/r/{shop.ana['code']}")}
    assert shop.stripe(event("invoice.paid", invoice(
        invoice_id="in_sub_1", subscription="sub_gus", customer="cus_gus",
        email="gus@example.com", subscription_metadata=metadata,
        period_start=int(shop.clock.now().timestamp())))) == "order_recorded"


def _subscription_renewal(shop: Shop, mode: str) -> None:
    shop.clock.advance(days=31)
    # No evidence on the renewal: it would follow the earlier order to Ana, but she is stopped.
    assert shop.stripe(event("invoice.paid", invoice(
        invoice_id="in_sub_2", subscription="sub_gus", customer="cus_gus",
        email="gus@example.com", billing_reason="subscription_cycle",
        period_start=int(shop.clock.now().timestamp())))) == "ignored_unreferred"


def _enrol_again(shop: Shop, mode: str) -> None:
    again = shop.client.post("/v1/promoters", json={"external_id": "cus_ana"},
                             headers=shop.merchant.headers())
    # Erased, she is nobody Goodword knows: the same customer id enrols someone new.
    assert again.status_code == (200 if mode == "blocked" else 201)


def _mint_widget(shop: Shop) -> None:
    shop.kept["widget"] = mint_session(shop.client, shop.merchant, external_id="cus_ana")


def _share(shop: Shop, mode: str) -> None:
    shared = shop.client.post(SHARES, json={"channel": "email"}, headers=widget_headers(
        shop.merchant.publishable, shop.kept["widget"]))
    # Erased, the page's session no longer names anyone to enrol afresh either.
    assert shared.status_code == 409 and error_of(shared)["code"] == f"promoter_{mode}"


def _redeem_through_the_api(shop: Shop, mode: str) -> None:
    refused = shop.client.post("/v1/redemptions", json={"promoter": shop.ana["id"], "points": 50},
                               headers=shop.merchant.headers())
    assert refused.status_code == 409
    assert error_of(refused)["code"] == f"promoter_{mode}"
    assert error_of(refused)["param"] == "promoter"


def _open_the_portal(shop: Shop) -> None:
    url = path_of(portal_link(shop.client, shop.merchant, shop.ana["id"]).get_json()["url"])
    shop.kept.update(portal=url, form_key=form_key_of(shop.client, url))


def _redeem_in_the_portal(shop: Shop, mode: str) -> None:
    refused = shop.client.post(shop.kept["portal"] + "/redeem",
                               data={"points": "50", "form_key": shop.kept["form_key"]})
    assert refused.status_code == 403
    assert "Your rewards are closed" in refused.get_data(as_text=True)


def _nothing(shop: Shop) -> None:
    pass


def _loyalty_rule(trigger: str, **conditions):
    """A `before` step: a rule paying the member on `trigger`, saved while Ana is active."""
    def before(shop: Shop) -> None:
        create_rule(shop.client, shop.merchant, trigger=trigger, name=f"{trigger} bonus",
                    beneficiary="customer", reward={"type": "fixed_points", "value": 30},
                    conditions=conditions)
        if trigger == "member.birthday":
            today = (shop.clock.now() + A_YEAR_AFTER_THE_SHOP).strftime("%m-%d")
            assert shop.client.patch(f"/v1/promoters/{shop.ana['id']}", json={
                "birthday": today}, headers=shop.merchant.headers()).status_code == 200
    return before


def _daily_job(shop: Shop, mode: str) -> None:
    if mode == "erased":  # her birthday went with her name; her anniversary stays
        assert shop.client.get(f"/v1/promoters/{shop.ana['id']}",
                               headers=shop.merchant.headers()).get_json()["birthday"] is None
    shop.clock.advance(days=A_YEAR_AFTER_THE_SHOP.days)  # a year since she joined: her birthday
    Worker(shop.app).run_jobs()


def _her_first_order(shop: Shop, mode: str) -> None:
    placed = shop.order(external_id="o-ana", customer_external_id=shop.ana["external_id"]
                        or "cus_ana")
    assert placed.status_code == 201


def _her_review(shop: Shop, mode: str) -> None:
    recorded = shop.client.post("/v1/activities", headers=shop.merchant.headers(), json={
        "member": shop.ana["id"], "type": "review.written", "external_id": "rev-1"})
    assert recorded.status_code == 201, recorded.get_json()


PATHS = {
    "link": (_keep_link, _by_link("click_id")),
    "token": (_keep_link, _by_link("token")),
    "code": (_keep_link, _by_link("code")),
    "order_of_a_referred_friend": (_nothing, _order_of_referred_friend),
    "approval_of_a_held_referral": (_hold_a_referral, _approve_held_referral),
    "stripe_checkout_of_a_referred_friend": (_nothing, _stripe_checkout_of_referred_friend),
    "stripe_payment_intent_of_a_referred_friend": (
        _nothing, _stripe_payment_intent_of_referred_friend),
    "stripe_invoice_of_a_referred_friend": (_nothing, _stripe_invoice_of_referred_friend),
    "stripe_payment_intent_with_her_token": (_keep_link, _stripe_payment_intent_with_token),
    "stripe_checkout_with_her_promotion_code": (
        _keep_link, _stripe_checkout_with_promotion_code),
    "subscription_renewal": (_start_a_subscription, _subscription_renewal),
    "promoter_enrolled": (_nothing, _enrol_again),
    "share_created": (_mint_widget, _share),
    "redemption_through_the_api": (_nothing, _redeem_through_the_api),
    "redemption_in_the_portal": (_open_the_portal, _redeem_in_the_portal),
    "member_birthday": (_loyalty_rule("member.birthday"), _daily_job),
    "member_anniversary": (_loyalty_rule("member.anniversary"), _daily_job),
    "order_milestone": (_loyalty_rule("order.milestone", nth=1), _her_first_order),
    "activity_recorded": (_loyalty_rule("activity.recorded", activity_type="review.written"),
                          _her_review),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", PATHS)
def test_a_stopped_promoter_earns_and_redeems_nothing(shop, path, mode):
    before, act = PATHS[path]
    before(shop)
    _stop(shop, mode)
    books = shop.books()
    act(shop, mode)
    assert shop.books() == books


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("trigger", ["referral.approved", "order.paid", "promoter.enrolled",
                                     "share.created", *LOYALTY])
def test_the_dry_run_says_why_a_stopped_promoter_earns_nothing(shop, trigger, mode):
    fields = {"order_amount": 10_000, "currency": "USD"} if trigger == "order.paid" else {}
    role = "referrer"
    if trigger in LOYALTY:  # the loyalty triggers pay the member, as "customer"
        role = "customer"
        _loyalty_rule(trigger, **LOYALTY[trigger][0])(shop)
        fields = LOYALTY[trigger][1]
    _stop(shop, mode)
    response = shop.client.post("/v1/rules/dry_run", headers=shop.merchant.headers(), json={
        "trigger": trigger, role: shop.ana["id"], **fields})
    assert response.status_code == 200, response.get_json()
    (verdict,) = response.get_json()["data"]
    assert (verdict["outcome"], verdict["code"]) == ("skip", f"promoter_{mode}")


def test_the_friend_of_a_blocked_referrer_still_earns_their_half(shop):
    """A double-sided offer: the friend was approved on their own merits (or by the merchant),
    so their half stands; only the blocked side earns nothing."""
    create_rule(shop.client, shop.merchant, name="Friend's half", beneficiary="referee",
                reward={"type": "fixed_points", "value": 50})
    _hold_a_referral(shop)
    _stop(shop, "blocked")
    books = shop.books()
    _approve_held_referral(shop, "blocked")
    assert shop.books() == books
    dora = shop.client.get("/v1/promoters?external_id=cus_dora",
                           headers=shop.merchant.headers()).get_json()["data"][0]
    assert balance(shop.client, shop.merchant, dora["id"])["pending"] == 50


def test_unblocking_lets_the_promoter_redeem_what_she_held(shop):
    _stop(shop, "blocked")
    shop.client.post(f"/v1/promoters/{shop.ana['id']}/unblock", headers=shop.merchant.headers())
    redeemed = shop.client.post("/v1/redemptions", json={"promoter": shop.ana["id"],
                                                         "points": 50},
                                headers=shop.merchant.headers())
    assert redeemed.status_code == 201, redeemed.get_json()
    assert balance(shop.client, shop.merchant, shop.ana["id"])["available"] == 70


def test_a_block_committed_after_a_redemption_read_the_promoter_still_refuses_it(
        app, client, clock, merchant, on_postgres, monkeypatch):
    """The redemption loaded Ana (active) before the block committed; the guard's locked read
    must see the block, not the copy in the request's session."""
    ana = earn_points(client, clock, merchant, "cus_ana")  # 100 available points
    real = standing.refuse_redemption
    blocked = []

    def block_first(session, *, promoter_id):
        def block():
            blocked.append(app.test_client().post(
                f"/v1/promoters/{promoter_id}/block", json={},
                headers=merchant.headers()).status_code)
        blocking = threading.Thread(target=block)
        blocking.start()
        join_all([blocking], 10)  # it waits for nothing: the redemption has locked nothing yet
        return real(session, promoter_id=promoter_id)

    monkeypatch.setattr(standing, "refuse_redemption", block_first)
    refused = client.post("/v1/redemptions", json={"promoter": ana["id"], "points": 100},
                          headers=merchant.headers())
    assert blocked == [200]
    assert refused.status_code == 409, refused.get_json()
    assert error_of(refused)["code"] == "promoter_blocked"
    assert balance(client, merchant, ana["id"])["available"] == 100


def test_an_order_in_flight_when_its_buyer_is_blocked_pays_them_nothing(
        app, client, merchant, on_postgres, monkeypatch):
    """The buyer's standing is the one read with their row lock (not read again by the rules'
    guard): a block waits for that order, or the order sees the block."""
    assert order(client, merchant, "o-first", amount=100).status_code == 201  # Ben enrolled
    ben = client.get("/v1/promoters?external_id=cus_ben", headers=merchant.headers())
    (ben,) = ben.get_json()["data"]
    make_rule(client, merchant, beneficiary="customer")  # 1 point per dollar to the buyer
    checked, go = threading.Event(), threading.Event()
    real = standing.refusals

    def refusals_then_pause(session, *, promoter_ids, **options):
        found = real(session, promoter_ids=promoter_ids, **options)
        if ben["id"] in promoter_ids and not checked.is_set():
            checked.set()  # the order has found Ben active; the merchant blocks him now
            go.wait(5)
        return found

    monkeypatch.setattr(standing, "refusals", refusals_then_pause)
    answered = []

    def place_order():
        answered.append(("order", order(app.test_client(), merchant, "o-race").status_code))

    def block():
        checked.wait(5)
        answered.append(("block", app.test_client().post(
            f"/v1/promoters/{ben['id']}/block", json={}, headers=merchant.headers()
        ).status_code))

    ordering, blocking = threading.Thread(target=place_order), threading.Thread(target=block)
    ordering.start()
    blocking.start()
    blocking.join(2)  # the block waits for the order holding Ben's row
    go.set()
    join_all([ordering, blocking], 15)
    assert checked.is_set() and sorted(answered) == [("block", 200), ("order", 201)], answered
    # Either the order was recorded (and paid Ben) before the block, or it paid him nothing.
    earned = balance(client, merchant, ben["id"])["pending"]
    assert earned == (100 if answered[0][0] == "order" else 0), (answered, earned)
