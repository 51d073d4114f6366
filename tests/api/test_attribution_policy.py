"""Who gets the credit when a signup or order names more than one promoter, or a bad click.

Default (first_click): a code the friend typed beats the click the shop kept; the redirect keeps
a browser's first valid click inside the window instead of handing out the latest; a bad or
expired click is passed over with a note (signups) or a refusal reason (orders), not refused.
"""


from tests.support.links import handed_click
from tests.support.referrals import enroll, sign_up


def follow(client, link: str, **headers):
    response = client.get(link, headers=headers)
    assert response.status_code == 302
    return response


def set_cookies(response) -> str:
    return " ".join(response.headers.getlist("Set-Cookie"))


def two_promoters(client, merchant) -> tuple[dict, dict]:
    real = enroll(client, merchant, external_id="cus_real", email="real.referrer@gmail.com")
    stuffer = enroll(client, merchant, external_id="cus_stuffer", email="deals.site@gmail.com")
    return real, stuffer


def codes_of(referral: dict) -> list[str]:
    return [reason["code"] for reason in referral["reasons"]]


def test_an_injected_later_click_does_not_take_the_credit(client, clock, merchant):
    """The friend followed the real referrer's link; an extension sends the same browser
    through another promoter's link at signup. The shop keeps the click it was handed last."""
    real, stuffer = two_promoters(client, merchant)
    first = handed_click(follow(client, f"/r/{real['code']}"))
    clock.advance(hours=5)
    injected = follow(client, f"/r/{stuffer['code']}")
    assert handed_click(injected) == first  # the redirect keeps the browser's first click
    assert "gw_click=" not in set_cookies(injected)
    referral = sign_up(client, merchant, click_id=handed_click(injected)).get_json()
    assert (referral["status"], referral["promoter"]) == ("approved", real["id"])


def test_a_later_click_of_a_browser_without_a_click_is_its_own(client, merchant):
    """The honest look-alike: a browser whose first click is this one gets this one."""
    _, stuffer = two_promoters(client, merchant)
    response = follow(client, f"/r/{stuffer['code']}")
    assert "gw_click=" in set_cookies(response)
    referral = sign_up(client, merchant, click_id=handed_click(response)).get_json()
    assert referral["promoter"] == stuffer["id"]


def test_an_expired_first_click_gives_way_to_the_new_one(client, clock, merchant):
    real, stuffer = two_promoters(client, merchant)
    old = handed_click(follow(client, f"/r/{real['code']}"))
    clock.advance(days=31)  # the merchant's window is 30 days
    response = follow(client, f"/r/{stuffer['code']}")
    assert handed_click(response) != old
    assert "gw_click=" in set_cookies(response)


def test_last_click_merchants_hand_out_the_latest_click(client, clock, merchant):
    client.patch("/v1/fraud_settings", json={"attribution": "last_click"},
                 headers=merchant.headers())
    real, stuffer = two_promoters(client, merchant)
    first = handed_click(follow(client, f"/r/{real['code']}"))
    clock.advance(hours=1)
    latest = handed_click(follow(client, f"/r/{stuffer['code']}"))
    assert latest != first
    referral = sign_up(client, merchant, click_id=latest, code=real["code"]).get_json()
    assert referral["promoter"] == stuffer["id"]  # last click: the click beats the code


def test_a_typed_code_beats_the_kept_click(client, merchant):
    real, stuffer = two_promoters(client, merchant)
    stuffed = handed_click(follow(client, f"/r/{stuffer['code']}"))
    referral = sign_up(client, merchant, click_id=stuffed, code=real["code"]).get_json()
    assert (referral["status"], referral["promoter"]) == ("approved", real["id"])
    assert codes_of(referral) == ["attribution_overruled"]
    assert stuffer["id"] in referral["reasons"][0]["message"]


def test_a_code_and_a_click_of_one_promoter_keep_the_click(client, merchant):
    real, _ = two_promoters(client, merchant)
    click_id = handed_click(follow(client, f"/r/{real['code']}"))
    referral = sign_up(client, merchant, click_id=click_id, code=real["code"]).get_json()
    assert (referral["promoter"], referral["click"], referral["reasons"]) == (
        real["id"], click_id, [])


def test_an_expired_click_with_a_code_is_credited_by_the_code_with_a_note(client, clock,
                                                                          merchant):
    real, stuffer = two_promoters(client, merchant)
    old = handed_click(follow(client, f"/r/{stuffer['code']}"))
    clock.advance(days=31)
    response = sign_up(client, merchant, click_id=old, code=real["code"])
    assert response.status_code == 201
    referral = response.get_json()
    assert (referral["status"], referral["promoter"], referral["click"]) == (
        "approved", real["id"], None)
    assert codes_of(referral) == ["attribution_ignored"]
    assert "30-day" in referral["reasons"][0]["message"]


def test_an_expired_click_alone_still_credits_nobody(client, clock, merchant):
    real, _ = two_promoters(client, merchant)
    old = handed_click(follow(client, f"/r/{real['code']}"))
    clock.advance(days=31)
    response = sign_up(client, merchant, click_id=old)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "attribution_window_expired"


def test_an_order_with_an_expired_click_is_recorded_for_nobody_with_the_reason(
        client, clock, merchant):
    real, _ = two_promoters(client, merchant)
    old = handed_click(follow(client, f"/r/{real['code']}"))
    clock.advance(days=31)
    response = client.post("/v1/orders", json={
        "external_id": "ord_1", "customer_external_id": "cus_buyer", "amount": 5000,
        "currency": "USD", "click_id": old}, headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    order = response.get_json()
    assert (order["promoter"], order["attribution_refusal"]) == (
        None, "attribution_window_expired")


def test_an_order_with_an_unknown_click_and_a_good_code_is_credited_by_the_code(
        client, merchant):
    real, _ = two_promoters(client, merchant)
    response = client.post("/v1/orders", json={
        "external_id": "ord_1", "customer_external_id": "cus_buyer", "amount": 5000,
        "currency": "USD", "click_id": "clk_nosuchclick", "code": real["code"]},
        headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["promoter"] == real["id"]
