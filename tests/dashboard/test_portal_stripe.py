"""The portal's Redeem button pays the way the merchant pays: through Stripe once it is
connected (the redemption service behind POST /v1/redemptions), store credit otherwise.
Stripe is localstripe plus tests/fakes/fake_stripe_payouts.py (promotion codes and customer
balance, which localstripe lacks), as in tests/api/test_stripe_payouts.py."""

import html
import threading

from tests.support.orders import assert_books_balance, balance
from tests.support.payouts import earn_points
from tests.support.portal import form_key_of, path_of, portal_link
from tests.support.stripe import connect, localstripe_post
from tests.threads import join_all


def redeem(client, merchant, promoter_id, points="60") -> str:
    url = path_of(portal_link(client, merchant, promoter_id).get_json()["url"])
    page = client.post(url + "/redeem", data={"points": points,
                                              "form_key": form_key_of(client, url)},
                       follow_redirects=True)
    assert page.status_code == 200
    return html.unescape(page.get_data(as_text=True))


def test_redeem_gives_a_one_time_stripe_promotion_code(client, clock, merchant, fake_stripe):
    ana = earn_points(client, clock, merchant, "cus_ana")  # 100 points at 5 cents
    connect(client, merchant)
    url = path_of(portal_link(client, merchant, ana["id"]).get_json()["url"])
    assert "Redeem for a discount code" in client.get(url).get_data(as_text=True)
    page = redeem(client, merchant, ana["id"])
    (promotion,) = fake_stripe.promotion_codes.values()
    assert f"Your code {promotion['code']} is worth $3.00: use it once at checkout." in page
    assert (f'<code class="promo">{promotion["code"]}</code> $3.00 off one order: type this '
            "code in the discount code field at checkout.") in page
    assert 'id="available">40<' in page
    assert balance(client, merchant, ana["id"])["available"] == 40
    assert_books_balance(client, merchant)


def test_redeem_credits_the_stripe_customer_balance(client, clock, merchant, fake_stripe):
    customer = localstripe_post(fake_stripe.localstripe_url, "/v1/customers",
                                "email=ana%40example.com")
    ana = earn_points(client, clock, merchant, customer["id"])
    connect(client, merchant, stripe_payout="customer_balance")
    page = redeem(client, merchant, ana["id"])
    (credit,) = fake_stripe.balance_transactions.values()
    assert (credit["customer"], credit["amount"]) == (customer["id"], -300)
    assert "$3.00 was added to your account balance with the shop." in page
    assert "$3.00 account credit" in page and 'id="available">40<' in page


def test_a_promoter_who_is_not_a_stripe_customer_is_told_and_keeps_the_points(
    client, clock, merchant, fake_stripe
):
    ana = earn_points(client, clock, merchant, "shop-customer-7")
    connect(client, merchant, stripe_payout="customer_balance")
    page = redeem(client, merchant, ana["id"])
    assert "A customer balance credit needs the promoter's external_id" in page
    assert 'id="available">100<' in page and "redemptions" not in page
    assert fake_stripe.balance_transactions == {}


def test_without_stripe_the_button_still_gives_store_credit(client, clock, merchant):
    ana = earn_points(client, clock, merchant, "cus_ana")
    page = redeem(client, merchant, ana["id"])
    assert "Redeemed 60 points for store credit." in page and 'id="available">40<' in page


def test_the_same_redeem_form_sent_twice_pays_once(client, clock, merchant, fake_stripe):
    ana = earn_points(client, clock, merchant, "cus_ana")
    connect(client, merchant)
    url = path_of(portal_link(client, merchant, ana["id"]).get_json()["url"])
    form = {"points": "30", "form_key": form_key_of(client, url)}
    first = client.post(url + "/redeem", data=form, follow_redirects=True)
    again = client.post(url + "/redeem", data=form, follow_redirects=True)
    assert "Your code" in first.get_data(as_text=True)
    assert "That redemption was already made" in html.unescape(again.get_data(as_text=True))
    assert len(fake_stripe.promotion_codes) == 1
    assert balance(client, merchant, ana["id"])["available"] == 70
    unkeyed = client.post(url + "/redeem", data={"points": "30"}, follow_redirects=True)
    assert "already made" in unkeyed.get_data(as_text=True)
    assert balance(client, merchant, ana["id"])["available"] == 70


def test_a_redeem_form_sent_by_several_tabs_at_once_pays_once(
    app, client, clock, merchant, fake_stripe, on_postgres
):
    ana = earn_points(client, clock, merchant, "cus_ana")
    connect(client, merchant)
    url = path_of(portal_link(client, merchant, ana["id"]).get_json()["url"])
    form = {"points": "30", "form_key": form_key_of(client, url)}
    barrier = threading.Barrier(6)
    answers = []

    def submit():
        browser = app.test_client()
        barrier.wait()
        answers.append(browser.post(url + "/redeem", data=form).status_code)

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    join_all(threads, 60)
    assert answers == [302] * 6
    assert len(fake_stripe.promotion_codes) == 1
    assert balance(client, merchant, ana["id"])["available"] == 70
