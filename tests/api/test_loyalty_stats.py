"""GET /v1/stats/loyalty: the retention figures a merchant reads, on a small shop whose every
number can be counted by hand."""

from tests.support.catalog import catalog_reward, mature, redeem_reward, welcome_points
from tests.support.orders import order
from tests.support.referrals import enroll


def stats(client, merchant) -> dict:
    response = client.get("/v1/stats/loyalty", headers=merchant.headers())
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_an_empty_program_has_no_rates_to_divide(client, merchant):
    body = stats(client, merchant)
    assert body["members"] == 0 and body["redemption_rate"] is None
    assert body["repeat_purchase_rate"]["members"] == {"buyers": 0, "repeat_buyers": 0,
                                                       "rate": None}
    assert body["points_liability"] == {"points": 0, "amount": 0, "currency": "USD"}


def test_the_retention_figures_of_a_small_shop(client, merchant, clock):
    client.patch("/v1/merchant", json={"point_value": 5}, headers=merchant.headers())
    # Carl and Dan bought before the program paid anything: buyers who never earned.
    order(client, merchant, "o-c1", customer="cus_carl")
    order(client, merchant, "o-d1", customer="cus_dan")
    welcome_points(client, merchant, 100)
    ana = enroll(client, merchant, external_id="cus_ana")
    enroll(client, merchant, external_id="cus_ben", email="ben@example.com")
    order(client, merchant, "o-a1", customer="cus_ana")
    order(client, merchant, "o-a2", customer="cus_ana")
    order(client, merchant, "o-b1", customer="cus_ben")
    mature(client)
    reward = catalog_reward(client, merchant, kind="free_shipping", points_cost=40)
    assert redeem_reward(client, merchant, ana["id"], reward["id"]).status_code == 201

    now = stats(client, merchant)

    assert now["members"] == 4
    assert now["repeat_purchase_rate"] == {
        "members": {"buyers": 2, "repeat_buyers": 1, "rate": 0.5},
        "non_members": {"buyers": 2, "repeat_buyers": 0, "rate": 0.0},
    }
    assert now["active_members"] == {"last_30_days": 4, "last_90_days": 4}
    assert now["points_issued"] == 200 and now["points_redeemed"] == 40
    assert now["points_liability"] == {"points": 160, "amount": 800, "currency": "USD"}
    assert now["redemption_rate"] == 0.2

    clock.advance(days=60)
    order(client, merchant, "o-a3", customer="cus_ana")
    later = stats(client, merchant)
    assert later["active_members"] == {"last_30_days": 1, "last_90_days": 4}


def test_another_merchants_figures_are_not_counted(client, merchant, make_merchant):
    welcome_points(client, merchant, 100)
    enroll(client, merchant, external_id="cus_ana")
    other = make_merchant("Other")
    assert stats(client, other)["members"] == 0
    assert stats(client, other)["points_issued"] == 0
