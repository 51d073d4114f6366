"""A promoter buying under a second account with her own link earns nothing: an order credited
by a click, token or code passes the signup's self-referral checks (fraud.self_referral). The
order is recorded, credited to nobody, and says why in `attribution_refusal`."""

import pytest
from sqlalchemy import select

from core.db import db
from rewards.orders.models import Order
from tests.dashboard.test_portal import path_of, portal_link

from .stripe_support import checkout_session, deliver, event
from .test_currencies import units
from .test_orders import make_rule, order
from .test_referrals import click, enroll
from .test_stripe_friend_codes import _friend_coupon, _promotion_code

ANA = "ana.lima@gmail.com"


def ana_with_rule(client, merchant) -> dict:
    ana = enroll(client, merchant, external_id="cus_ana", email=ANA)
    make_rule(client, merchant)  # 1 point per dollar to the referrer
    return ana


def assert_credited_to_nobody(client, merchant, ana, answer, refusal):
    assert (answer["promoter"], answer["attributed_by"], answer["attribution_refusal"]) == (
        None, None, refusal), answer
    # Read back later, the order still says why.
    again = client.get(f"/v1/orders/{answer['id']}", headers=merchant.headers()).get_json()
    assert (again["promoter"], again["attribution_refusal"]) == (None, refusal)
    assert units(client, merchant, ana["id"]) == {}


def test_her_second_mailbox_with_her_code_is_recorded_and_says_why(client, merchant):
    ana = ana_with_rule(client, merchant)
    response = order(client, merchant, external_id="o-self", customer="guest_7781",
                     customer_email="A.N.A.Lima+shop@googlemail.com", code=ana["code"])
    assert response.status_code == 201, response.get_json()
    assert_credited_to_nobody(client, merchant, ana, response.get_json(), "self_referral_email")


def test_her_second_mailbox_with_a_click_on_her_link_earns_nothing(client, merchant):
    ana = ana_with_rule(client, merchant)
    stranger = client.application.test_client()  # not her browser: only the mailbox gives her away
    response = order(client, merchant, external_id="o-self", customer="guest_7781",
                     customer_email="a.n.a.lima+shop@gmail.com",
                     click_id=click(stranger, f"/r/{ana['code']}"))
    assert response.status_code == 201, response.get_json()
    assert_credited_to_nobody(client, merchant, ana, response.get_json(), "self_referral_email")


def test_a_click_from_her_own_browser_earns_nothing_whatever_the_mailbox(client, merchant):
    ana = ana_with_rule(client, merchant)
    browser = client.application.test_client()
    # Her portal remembers her browser; she then clicks her own link in it.
    portal = path_of(portal_link(client, merchant, ana["id"]).get_json()["url"])
    assert browser.get(portal).status_code == 200
    assert browser.post(f"{portal}/browser").status_code == 204  # as the page's script does
    response = order(client, merchant, external_id="o-self", customer="guest_7781",
                     customer_email="someone.else@example.com",
                     click_id=click(browser, f"/r/{ana['code']}"))
    assert response.status_code == 201, response.get_json()
    assert_credited_to_nobody(client, merchant, ana, response.get_json(),
                              "self_referral_browser")


def test_her_stripe_checkout_with_her_promotion_code_earns_nothing(
        app, client, merchant, fake_stripe, localstripe_url):
    _friend_coupon(client, merchant, localstripe_url)
    ana = ana_with_rule(client, merchant)
    code = _promotion_code(client, merchant, ana["id"]).get_json()
    discounts = [{"coupon": "FRIEND10", "promotion_code": code["id"]}]
    response = deliver(client, merchant.id, event("checkout.session.completed", checkout_session(
        customer="cus_guest_7781", email="a.n.a.lima+shop@gmail.com", amount=9_000,
        discounts=discounts)))
    assert response.get_json()["outcome"] == "order_recorded", response.get_json()
    with app.app_context():
        order_id = db.session.scalars(select(Order.id)).one()
    answer = client.get(f"/v1/orders/{order_id}", headers=merchant.headers()).get_json()
    assert_credited_to_nobody(client, merchant, ana, answer, "self_referral_email")


@pytest.mark.parametrize("email", ["anna.lima@gmail.com", "ana.lima@yahoo.com",
                                   "ana.lima+shop@outlook.com", "ana.lima1@gmail.com"])
def test_a_different_buyer_with_a_similar_mailbox_is_still_credited(client, merchant, email):
    ana = ana_with_rule(client, merchant)
    friend = client.application.test_client()
    by_code = order(client, merchant, external_id="o-1", customer="cus_friend_1",
                    customer_email=email, code=ana["code"]).get_json()
    by_click = order(client, merchant, external_id="o-2", customer="cus_friend_2",
                     customer_email=email, click_id=click(friend, f"/r/{ana['code']}")).get_json()
    for answer, how in ((by_code, "code"), (by_click, "click")):
        assert (answer["promoter"], answer["attributed_by"], answer["attribution_refusal"]) == (
            ana["id"], how, None), answer
    assert units(client, merchant, ana["id"]) == {"points": 200}


def test_with_the_self_referral_check_off_only_her_own_account_is_refused(client, merchant):
    ana = ana_with_rule(client, merchant)
    changed = client.patch("/v1/fraud_settings", json={"self_referral": "off"},
                           headers=merchant.headers())
    assert changed.status_code == 200, changed.get_json()
    second = order(client, merchant, external_id="o-1", customer="guest_7781",
                   customer_email="a.n.a.lima+shop@gmail.com", code=ana["code"]).get_json()
    assert (second["promoter"], second["attribution_refusal"]) == (ana["id"], None)
    own = order(client, merchant, external_id="o-2", customer="cus_ana",
                customer_email=ANA, code=ana["code"]).get_json()
    assert (own["promoter"], own["attribution_refusal"]) == (None, "self_referral_customer")
    assert units(client, merchant, ana["id"]) == {"points": 100}
