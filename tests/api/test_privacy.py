"""Privacy: one promoter's data as one document, erasure that leaves no personal data behind
(widget visits included) while the books still balance, and no raw IP address stored anywhere."""

import json

from tests.support.merchant_world import build_world, snapshot
from tests.support.orders import assert_books_balance
from tests.support.widget import widget_headers

FRIEND_IP = "203.0.113.77"


def export_of(client, merchant, promoter_id) -> dict:
    response = client.get(f"/v1/promoters/{promoter_id}/export", headers=merchant.headers())
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def ids(rows) -> set[str]:
    return {row["id"] for row in rows}


def test_an_export_holds_everything_about_the_promoter(app, client, clock, merchant):
    world = build_world(client, merchant, clock, friend_ip=FRIEND_IP)
    ana = export_of(client, merchant, world.ids["promoter_id"])
    assert ana["object"] == "promoter_export"
    assert (ana["promoter"]["email"], ana["promoter"]["name"]) == (
        "ana.lima@example.com", "Ana Lima")
    assert ana["links"]["referral_url"].startswith("http://goodword.test/r/")
    assert ids(ana["clicks"]) == {world.click_id}
    (click,) = ana["clicks"]
    assert len(click["ip_hash"]) == 64 and "user_agent" not in click
    assert ids(ana["referrals"]) == {world.ids["referral_id"], world.held_referral_id}
    assert all("referee_email" not in referral  # the friends', not hers
               for referral in ana["referrals"])
    assert ids(ana["orders"]) == {world.ids["order_id"]}
    assert ids(ana["redemptions"]) == {world.ids["redemption_id"]}
    assert ana["rewards"] and ana["ledger_transactions"] and ana["ledger_entries"]
    assert {b["account"] for b in ana["balances"]} >= {"pending", "available"}
    assert world.ids["promoter_id"] in json.dumps(ana["events"])
    assert {event["type"] for event in ana["events"]} >= {"promoter.created", "reward.earned"}
    text = json.dumps(ana)
    assert "ben.friend@example.com" not in text and FRIEND_IP not in text

    ben = export_of(client, merchant, world.friend_promoter["id"])
    (came_from,) = ben["referred_by"]
    assert (came_from["id"], came_from["referee_email"]) == (
        world.ids["referral_id"], "ben.friend@example.com")
    assert ids(ben["own_clicks"]) == {world.click_id}
    assert ids(ben["orders_placed"]) == {world.ids["order_id"]}
    assert ben["orders_placed"][0]["customer_email"] == "ben.friend@example.com"
    assert ben["shares"] and ben["widget_sessions"]
    assert [answer["text"] for answer in ben["widget_feedback"]] == ["Lovely mugs"]
    assert "ana.lima@example.com" not in json.dumps(ben)


def test_erasure_leaves_no_personal_data_and_the_books_balance(app, client, clock, merchant):
    world = build_world(client, merchant, clock, friend_ip=FRIEND_IP)
    ben = world.friend_promoter
    assert client.delete(f"/v1/promoters/{ben['id']}",
                         headers=merchant.headers()).status_code == 200
    stored = json.dumps(snapshot(app))
    for personal in ("ben.friend@example.com", "Lovely mugs", "cus_ben@example.com", "cus_ben\""):
        assert personal not in stored, personal
    after = export_of(client, merchant, ben["id"])
    assert after["promoter"]["email"] is None and after["promoter"]["erased_at"]
    assert after["widget_sessions"] == [] and after["referred_by"] == []
    assert_books_balance(client, merchant)


def test_no_raw_ip_address_is_stored_anywhere(app, client, clock, merchant):
    ipv6 = "2001:db8:77::77"
    world = build_world(client, merchant, clock, friend_ip=FRIEND_IP)
    environ = {"REMOTE_ADDR": ipv6}
    assert client.get(f"/r/{world.promoter['code']}", environ_base=environ).status_code == 302
    assert client.post("/v1/referrals", json={"referee_external_id": "cus_v6", "ip": ipv6,
                                              "code": world.promoter["code"]},
                       headers=merchant.headers(**{"Idempotency-Key": "v6-signup"}),
                       environ_base=environ).status_code == 201
    client.post("/widget/v1/shares", json={"channel": "sms"}, environ_base=environ,
                headers=widget_headers(merchant.publishable, world.widget_token))
    client.get("/demo/shop", environ_base=environ)
    stored = json.dumps(snapshot(app))
    for address in (FRIEND_IP, ipv6, "203.0.113", "2001:db8:77"):
        assert address not in stored, address


def test_erasure_leaves_no_personal_data_in_replayable_answers(app, client, merchant):
    """An Idempotency-Key keeps the answer for a day to replay it: after erasure, the kept
    answer must not hand the person's details back."""
    def enrol():
        return client.post("/v1/promoters", json={
            "external_id": "cus_carla", "email": "carla.rossi@example.com", "name": "Carla Rossi",
        }, headers=merchant.headers(**{"Idempotency-Key": "enrol-carla"}))

    made = enrol()
    assert made.status_code == 201
    assert client.delete(f"/v1/promoters/{made.get_json()['id']}",
                         headers=merchant.headers()).status_code == 200
    stored = json.dumps(snapshot(app))
    for personal in ("carla.rossi@example.com", "Carla Rossi", "cus_carla", made.json["code"]):
        assert personal not in stored, personal
    # The shop's retry still replays its answer (the same promoter, nobody enrolled again).
    replayed = enrol()
    assert (replayed.status_code, replayed.headers.get("Idempotent-Replayed")) == (201, "true")
    assert (replayed.json["id"], replayed.json["email"]) == (made.json["id"], "erased")


def test_erasure_forgets_the_person_in_idempotency_keys(app, client, merchant):
    """The README suggests keys like `signup-cus_ben`: after erasure no stored key names the
    person, and the shop's retry with that key still replays rather than enrolling again."""
    def enrol():
        return client.post("/v1/promoters", json={
            "external_id": "cus_dana", "email": "dana.ng@example.com",
        }, headers=merchant.headers(**{"Idempotency-Key": "enrol-cus_dana"}))

    other = client.post("/v1/promoters", json={"external_id": "cus_eli"},
                        headers=merchant.headers(**{"Idempotency-Key": "enrol-cus_eli"}))
    made = enrol()
    assert made.status_code == 201
    assert client.delete(f"/v1/promoters/{made.get_json()['id']}",
                         headers=merchant.headers()).status_code == 200
    stored = json.dumps(snapshot(app))
    for personal in ("cus_dana", "dana.ng@example.com"):
        assert personal not in stored, personal
    assert "enrol-cus_eli" in stored  # nobody else's key is touched
    replayed = enrol()
    assert (replayed.status_code, replayed.headers.get("Idempotent-Replayed")) == (201, "true")
    assert replayed.json["id"] == made.json["id"]
    again = client.post("/v1/promoters", json={"external_id": "cus_eli"},
                        headers=merchant.headers(**{"Idempotency-Key": "enrol-cus_eli"}))
    assert again.json["id"] == other.json["id"]
