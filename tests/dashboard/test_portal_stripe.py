"""The portal's Redeem button pays the way the merchant pays: through Stripe once it is
connected (the redemption service behind POST /v1/redemptions), store credit otherwise.
Stripe is localstripe plus tests/fakes/fake_stripe_payouts.py (promotion codes and customer
balance, which localstripe lacks), as in tests/api/test_stripe_payouts.py."""

import html

from tests.api.stripe_support import connect, localstripe_post
from tests.api.test_orders import assert_books_balance, balance
from tests.api.test_stripe_payouts import earn_points

from .test_portal import path_of, portal_link


def redeem(client, merchant, promoter_id, points="60") -> str:
    url = path_of(portal_link(client, merchant, promoter_id).get_json()["url"])
    page = client.post(url + "/redeem", data={"points": points}, follow_redirects=True)
    assert page.status_code == 200
    return html.unescape(page.get_data(as_text=True))


def test_redeem_gives_a_one_time_stripe_promotion_code(client, clock, merchant, fake_stripe):
    ana = earn_points(client, clock, merchant, "cus_ana")  # 100 points at 5 cents
    connect(client, merchant)
    url = path_of(portal_link(client, merchant, ana["id"]).get_json()["url"])
    assert "Redeem for a discount code" in client.get(url).get_data(as_text=True)
    page = redeem(client, merchant, ana["id"])
    (promotion,) = fake_stripe.promotion_codes.values()
    assert f"Your code {promotion['code']} is worth 3.00 USD: use it once at checkout." in page
    assert f'<code class="promo">{promotion["code"]}</code>, 3.00 USD off once' in page
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
    assert "3.00 USD was added to your account balance with the shop." in page
    assert "3.00 USD account credit" in page and 'id="available">40<' in page


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
