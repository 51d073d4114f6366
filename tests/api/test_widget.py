"""The widget's buyer journey over HTTP: a shop mints a session, the page enrols its buyer,
shows the offer, records shares and feedback; a bad token does none of it."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.db import db
from referrals.promoters.models import Promoter
from referrals.widget.sessions import SALT
from tests.support.errors import error_of
from tests.support.widget import mint_session, shares_of, widget, widget_headers


def promoters_of(app, merchant_id: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Promoter).where(
            Promoter.merchant_id == merchant_id))


def give_500_get_500(client, merchant) -> None:
    for beneficiary, value in (("referrer", 500), ("referee", 500)):
        response = client.post("/v1/rules", headers=merchant.headers(), json={
            "name": f"{beneficiary} bonus", "trigger": "referral.approved",
            "beneficiary": beneficiary, "reward": {"type": "fixed_points", "value": value}})
        assert response.status_code == 201, response.get_json()


def test_a_session_token_carries_ids_only_and_expires_in_a_day(client, merchant, clock):
    response = client.post("/v1/widget_sessions", headers=merchant.headers(), json={
        "customer": {"external_id": "cus_ana", "email": "Ana@Example.com", "name": "Ana Lima"},
        "order": "order_1"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["id"].startswith("wss_") and body["object"] == "widget_session"
    assert (body["customer"], body["order"]) == ("cus_ana", "order_1")
    assert body["expires_at"] == (clock.now() + timedelta(hours=24)).isoformat()
    from itsdangerous import URLSafeSerializer
    # payload.timestamp.signature; a payload that compresses well starts with "." itself.
    claims = URLSafeSerializer("x").load_payload(body["token"].rsplit(".", 2)[0].encode())
    assert set(claims) == {"m", "s"}
    # Nothing of the buyer in the payload; "ana" alone turns up in random signatures.
    carried = json.dumps(claims).lower()
    for hers in ("cus_ana", "ana@example.com", "ana lima"):
        assert hers not in carried, hers


def test_a_publishable_key_cannot_mint_a_session(client, merchant):
    response = client.post("/v1/widget_sessions", json={"customer": {"external_id": "x"}},
                           headers={"Authorization": f"Bearer {merchant.publishable}"})
    assert response.status_code == 403


def test_opening_the_panel_enrols_the_buyer_once_and_shows_their_link_and_offer(
        app, client, merchant):
    give_500_get_500(client, merchant)
    token = mint_session(client, merchant)
    before = widget(client, merchant, token, "get", "session").get_json()
    assert before["promoter"] is None
    assert before["offer"]["text"] == "Give 500 points, get 500 points"
    assert before["settings"]["ask_nps"] is True

    first = widget(client, merchant, token, "post", "enrollment")
    again = widget(client, merchant, token, "post", "enrollment")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["promoter"] == again.get_json()["promoter"]
    assert first.get_json()["promoter"]["referral_url"].startswith("http://goodword.test/r/")
    assert first.get_json()["offer"]["get"] == [
        {"kind": "points", "amount": 500, "currency": None, "minor_units": None}]
    assert promoters_of(app, merchant.id) == 1
    after = widget(client, merchant, token, "get", "session").get_json()
    assert after["promoter"]["id"] == first.get_json()["promoter"]["id"]


def test_a_credit_offer_reads_in_money(client, merchant):
    for beneficiary in ("referrer", "referee"):
        client.post("/v1/rules", headers=merchant.headers(), json={
            "name": beneficiary, "trigger": "referral.approved", "beneficiary": beneficiary,
            "reward": {"type": "fixed_credit", "value": 1000}})
    token = mint_session(client, merchant)
    offer = widget(client, merchant, token, "get", "session").get_json()["offer"]
    assert offer["text"] == "Give $10, get $10"


def test_feedback_is_kept_for_the_merchant_and_a_second_answer_replaces_it(client, merchant):
    token = mint_session(client, merchant)
    assert widget(client, merchant, token, "post", "feedback", score=3).status_code == 201
    response = widget(client, merchant, token, "post", "feedback", score=4,
                      text="Shipping was slow")
    assert response.status_code == 201
    listed = client.get("/v1/widget_feedback", headers=merchant.headers()).get_json()
    assert [(a["score"], a["text"], a["order"]) for a in listed["data"]] == [
        (4, "Shipping was slow", "order_1")]


@pytest.mark.parametrize("score", [-1, 11, "9", None])
def test_a_score_outside_0_to_10_is_refused(client, merchant, score):
    token = mint_session(client, merchant)
    response = widget(client, merchant, token, "post", "feedback", score=score)
    assert response.status_code == 400
    assert error_of(response)["param"] == "score"


def forged_token(app, merchant_id: str, session_id: str) -> str:
    from itsdangerous import URLSafeTimedSerializer
    return URLSafeTimedSerializer("not-our-secret", salt=SALT).dumps(
        {"m": merchant_id, "s": session_id})


def test_an_expired_or_forged_token_enrols_nobody_and_records_nothing(
        app, client, merchant, clock):
    token = mint_session(client, merchant)
    session_id = client.post("/v1/widget_sessions", headers=merchant.headers(), json={
        "customer": {"external_id": "cus_bo"}}).get_json()["id"]
    forged = forged_token(app, merchant.id, session_id)
    for bad, code in ((forged, "widget_session_invalid"), ("garbage", "widget_session_invalid"),
                      ("", "widget_session_missing")):
        response = widget(client, merchant, bad, "post", "enrollment")
        assert response.status_code == 401
        assert error_of(response)["code"] == code
    clock.advance(hours=24)
    for method, path, body in (("post", "enrollment", {}), ("post", "shares", {"channel": "x"}),
                               ("post", "feedback", {"score": 10}), ("get", "session", {})):
        response = widget(client, merchant, token, method, path, **body)
        assert response.status_code == 401, path
        error = error_of(response)
        assert (error["type"], error["code"]) == ("authentication_error",
                                                  "widget_session_expired")
    assert promoters_of(app, merchant.id) == 0
    assert shares_of(app, merchant.id) == 0


def test_a_short_session_expires_when_asked(client, merchant, clock):
    token = mint_session(client, merchant, expires_in=600)
    assert widget(client, merchant, token, "get", "session").status_code == 200
    clock.advance(seconds=600)
    assert widget(client, merchant, token, "get", "session").status_code == 401


def test_widget_settings_change_and_must_stay_readable(client, merchant):
    response = client.patch("/v1/widget_settings", headers=merchant.headers(), json={
        "ask_nps": False, "accent_color": "#FFD400", "title": "Thanks, friend!"})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["ask_nps"], body["accent_color"], body["accent_text_color"], body["title"]) == (
        False, "#ffd400", "#000000", "Thanks, friend!")
    token = mint_session(client, merchant)
    shown = widget(client, merchant, token, "get", "session").get_json()["settings"]
    assert shown["title"] == "Thanks, friend!"

    unreadable = client.patch("/v1/widget_settings", headers=merchant.headers(), json={
        "text_color": "#dddddd"})
    assert unreadable.status_code == 400
    assert error_of(unreadable)["code"] == "widget_settings_invalid"
    bad = client.patch("/v1/widget_settings", headers=merchant.headers(),
                       json={"accent_color": "red"})
    assert error_of(bad)["param"] == "accent_color"


def test_the_script_is_small_cached_and_served_without_a_key(client):
    import gzip
    response = client.get("/widget/v1/goodword.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "max-age=300" in response.headers["Cache-Control"]
    assert len(gzip.compress(response.data, 9)) <= 6 * 1024


def test_an_idempotency_key_replays_only_to_the_session_and_origin_that_used_it(
        app, client, merchant):
    ana, bo = mint_session(client, merchant), mint_session(client, merchant, "cus_bo")
    key = {"Idempotency-Key": "enrol-1"}

    def enrol(token, **headers):
        return client.post("/widget/v1/enrollment", json={},
                           headers=widget_headers(merchant.publishable, token, **key, **headers))

    first = enrol(ana)
    assert first.status_code == 201
    bare = enrol(None)
    assert bare.status_code == 401 and "Idempotent-Replayed" not in bare.headers
    assert "promoter" not in bare.get_json()
    other_buyer = enrol(bo)
    assert other_buyer.status_code == 201 and "Idempotent-Replayed" not in other_buyer.headers
    assert other_buyer.get_json()["promoter"]["id"] != first.get_json()["promoter"]["id"]
    other_page = enrol(ana, Origin="http://goodword.test")
    assert other_page.status_code == 200 and "Idempotent-Replayed" not in other_page.headers
    replay = enrol(ana)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.get_json() == first.get_json()
    assert promoters_of(app, merchant.id) == 2


def welcome(client, merchant, click_id: str, **headers):
    return client.get(f"/widget/v1/welcome?click={click_id}",
                      headers=widget_headers(merchant.publishable, **headers))


def test_the_widget_shares_the_short_code_link(client, merchant):
    token = mint_session(client, merchant, external_id="cus_ana")
    enrolled = widget(client, merchant, token, "post", "enrollment").get_json()["promoter"]
    assert enrolled["referral_url"] == f"http://goodword.test/r/{enrolled['code']}"


def test_a_friend_is_welcomed_by_the_promoters_first_name_and_nothing_more(
        app, client, clock, merchant, make_merchant):
    give_500_get_500(client, merchant)
    ana = client.post("/v1/promoters", headers=merchant.headers(), json={
        "external_id": "cus_ana", "email": "ana.lima@example.com", "name": "Ana Lima"}
    ).get_json()
    clicked = client.get(f"/r/{ana['code']}")
    click_id = clicked.headers["Location"].split("gw_click=")[1]
    answer = welcome(client, merchant, click_id)
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["object"], body["referred_by"]) == ("welcome", "Ana")
    assert body["offer"]["give"] == [{"kind": "points", "amount": 500, "currency": None,
                                      "minor_units": None}]
    assert "ana.lima" not in answer.get_data(as_text=True)
    assert "Lima" not in answer.get_data(as_text=True)

    # Another merchant's key does not find the click; an unknown click is a 404 too.
    other = make_merchant("Globex")
    assert welcome(client, other, click_id).status_code == 404
    assert welcome(client, merchant, "clk_nothing").status_code == 404
    # A secret key is refused here, as on every widget call.
    assert client.get(f"/widget/v1/welcome?click={click_id}",
                      headers={"Authorization": f"Bearer {merchant.secret}"}).status_code == 403
    # A blocked promoter, or a click older than the attribution window, names nobody.
    client.post(f"/v1/promoters/{ana['id']}/block", json={}, headers=merchant.headers())
    assert welcome(client, merchant, click_id).get_json()["referred_by"] is None
    client.post(f"/v1/promoters/{ana['id']}/unblock", json={}, headers=merchant.headers())
    assert welcome(client, merchant, click_id).get_json()["referred_by"] == "Ana"
    clock.advance(days=31)
    assert welcome(client, merchant, click_id).get_json()["referred_by"] is None
