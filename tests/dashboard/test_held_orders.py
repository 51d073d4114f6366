"""Orders held for review on the dashboard's review page: shown with their amount, promoter,
score and reasons; approved (its rewards then mature) or rejected (its referral rewards are
taken back) through the API's own decision; another merchant's order is a 404."""

import re

from tests.support.dashboard import csrf_of
from tests.support.orders import assert_books_balance, balance, make_rule, order
from tests.support.referrals import enroll


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def held_order(client, merchant, external_id="o-1", customer="cus_ben", **fields) -> tuple:
    """Ana, and an order paid on her own device with her code: held at score 40 or more."""
    ana = enroll(client, merchant, device_id="dev-ana")
    make_rule(client, merchant, name=f"Points {external_id}")
    response = order(client, merchant, external_id=external_id, customer=customer,
                     amount=12_345, code=ana["code"], device_id="dev-ana", **fields)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["risk_status"] == "pending_review", body
    return ana, body


def decide(owner_client, order_id: str, decision: str, **fields):
    token = csrf_of(owner_client.get("/dashboard/review"))
    return owner_client.post(f"/dashboard/review/orders/{order_id}", follow_redirects=True,
                             data={"csrf_token": token, "decision": decision, **fields})


def risk_status(client, merchant, order_id: str) -> str:
    return client.get(f"/v1/orders/{order_id}", headers=merchant.headers()).get_json()[
        "risk_status"]


def mature(client, clock) -> None:
    clock.advance(days=31)
    client.application.test_cli_runner().invoke(args=["mature"])


def test_a_held_order_shows_with_amount_promoter_score_and_reasons(client, merchant,
                                                                   owner_client):
    ana, held = held_order(client, merchant)
    page = owner_client.get("/dashboard/review")
    assert page.status_code == 200
    text = text_of(page)
    assert "Orders held for review" in text and "1 order held" in text
    assert "Order o-1: $123.45" in text
    assert ana["id"] in text and f"risk score {held['risk_score']}" in text
    assert "ordered on a device the promoter uses" in text
    assert text.count("Approve") == 1


def test_approving_releases_the_rewards_to_mature(client, clock, merchant, owner_client):
    ana, held = held_order(client, merchant)
    assert (balance(client, merchant, ana["id"])["pending"],
            balance(client, merchant, ana["id"])["available"]) == (123, 0)
    done = decide(owner_client, held["id"], "approve", note="her sister")
    assert done.status_code == 200
    assert "the credit is approved" in text_of(done) and "0 orders held" in text_of(done)
    assert risk_status(client, merchant, held["id"]) == "approved"
    again = decide(owner_client, held["id"], "approve")
    assert "only an order held for review can be decided" in text_of(again)
    mature(client, clock)
    assert (balance(client, merchant, ana["id"])["pending"],
            balance(client, merchant, ana["id"])["available"]) == (0, 123)
    assert_books_balance(client, merchant)


def test_a_held_order_does_not_mature_until_decided(client, clock, merchant):
    ana, _ = held_order(client, merchant)
    mature(client, clock)
    assert (balance(client, merchant, ana["id"])["pending"],
            balance(client, merchant, ana["id"])["available"]) == (123, 0)


def test_rejecting_takes_the_referral_rewards_back(client, merchant, owner_client):
    ana, held = held_order(client, merchant)
    assert balance(client, merchant, ana["id"])["pending"] == 123
    done = decide(owner_client, held["id"], "reject")
    assert "the credit is rejected" in text_of(done)
    assert risk_status(client, merchant, held["id"]) == "rejected"
    assert balance(client, merchant, ana["id"])["pending"] == 0
    assert_books_balance(client, merchant)


def test_an_approved_order_is_rejected_only_with_revoke(client, merchant, owner_client):
    ana, held = held_order(client, merchant)
    decide(owner_client, held["id"], "approve")
    refused = decide(owner_client, held["id"], "reject")
    assert "an approved one can be rejected with revoke" in text_of(refused)
    assert balance(client, merchant, ana["id"])["pending"] == 123
    decide(owner_client, held["id"], "reject", revoke="1")
    assert risk_status(client, merchant, held["id"]) == "rejected"
    assert balance(client, merchant, ana["id"])["pending"] == 0


def test_another_merchants_order_is_a_404_and_stays_held(client, make_merchant, merchant,
                                                         owner_client):
    other = make_merchant("Other Shop")
    _, theirs = held_order(client, other)
    assert "0 orders held" in text_of(owner_client.get("/dashboard/review"))
    token = csrf_of(owner_client.get("/dashboard/review"))
    for decision in ("approve", "reject"):
        response = owner_client.post(f"/dashboard/review/orders/{theirs['id']}",
                                     data={"csrf_token": token, "decision": decision,
                                           "revoke": "1"})
        assert response.status_code == 404
    assert risk_status(client, other, theirs["id"]) == "pending_review"


def test_a_decision_without_the_csrf_token_changes_nothing(client, merchant, owner_client):
    _, held = held_order(client, merchant)
    bare = owner_client.post(f"/dashboard/review/orders/{held['id']}",
                             data={"decision": "reject"})
    assert bare.status_code == 400
    assert risk_status(client, merchant, held["id"]) == "pending_review"


def test_pages_of_twenty_held_orders_with_the_total(client, merchant, owner_client):
    make_rule(client, merchant)
    for n in range(23):  # 23 promoters, each buying on their own device with their own code
        promoter = enroll(client, merchant, external_id=f"cus_p{n}", email=f"p{n}@example.com",
                          device_id=f"dev-{n}")
        response = order(client, merchant, external_id=f"o-{n}", customer=f"cus_{n}",
                         code=promoter["code"], device_id=f"dev-{n}")
        assert response.get_json()["risk_status"] == "pending_review"
    first = text_of(owner_client.get("/dashboard/review"))
    assert "23 orders held · 1-20 · page 1 of 2" in first
    assert first.count("Approve") == 20 and "Next orders" in first
    second = text_of(owner_client.get("/dashboard/review?orders_page=2"))
    assert "21-23 · page 2 of 2" in second
    assert second.count("Approve") == 3 and "Previous orders" in second
