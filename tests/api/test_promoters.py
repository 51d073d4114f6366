"""/v1/promoters: enrollment, codes, lookups, stage counts, blocking and erasure."""

import threading

import pytest
from sqlalchemy import select

from core.db import db
from referrals.clicks.models import Click
from referrals.widget.models import WidgetFeedback, WidgetSession
from tests.threads import join_all

from .test_errors import error_of
from .test_referrals import click, enroll, sign_up
from .test_shares import share_as


def test_enrolling_the_same_customer_again_returns_them(client, merchant):
    first = client.post("/v1/promoters", json={"external_id": "cus_1", "email": "Ana@Shop.Example"},
                        headers=merchant.headers())
    again = client.post("/v1/promoters", json={"external_id": "cus_1"}, headers=merchant.headers())
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert first.get_json()["email"] == "ana@shop.example"


def test_generated_codes_are_readable_and_start_with_the_name(client, merchant):
    promoter = enroll(client, merchant, name="Ána María")
    assert promoter["code"].startswith("ANA")
    assert not set(promoter["code"][3:]) & set("01OIL")
    assert promoter["code_url"].endswith("/r/" + promoter["code"])


def test_the_referral_url_is_stable_between_reads(client, clock, merchant):
    promoter = enroll(client, merchant)
    clock.advance(days=3)
    again = client.get(f"/v1/promoters/{promoter['id']}", headers=merchant.headers()).get_json()
    assert again["referral_url"] == promoter["referral_url"]


def test_vanity_codes_are_unique_without_regard_to_case(client, make_merchant):
    acme, globex = make_merchant("Acme"), make_merchant("Globex")
    assert enroll(client, acme, code="SummerAna")["code"] == "SummerAna"
    for merchant in (acme, globex):  # a bare /r/{code} must name one promoter of one merchant
        response = client.post("/v1/promoters", json={"external_id": "other", "code": "summerana"},
                               headers=merchant.headers())
        assert response.status_code == 409
        assert error_of(response)["code"] == "code_taken"


@pytest.mark.parametrize("code", ["ab", "has space", "-dash", "x" * 33, "emoji🙂", "dot.ted"])
def test_bad_vanity_codes_are_refused(client, merchant, code):
    response = client.post("/v1/promoters", json={"code": code}, headers=merchant.headers())
    assert response.status_code == 400
    assert error_of(response)["param"] == "code"


def test_lists_filter_by_email_external_id_and_code(client, merchant):
    ana = enroll(client, merchant, external_id="cus_a", email="ana@example.com")
    enroll(client, merchant, external_id="cus_b", email="ben@example.com")
    for query in ("email=ANA@example.com", "external_id=cus_a", f"code={ana['code'].lower()}"):
        body = client.get(f"/v1/promoters?{query}", headers=merchant.headers()).get_json()
        assert [promoter["id"] for promoter in body["data"]] == [ana["id"]], query


def test_another_merchants_promoter_is_a_404_on_every_route(client, make_merchant):
    acme, globex = make_merchant("Acme"), make_merchant("Globex")
    promoter = enroll(client, acme)
    for method, suffix in (("GET", ""), ("DELETE", ""), ("POST", "/block"), ("POST", "/unblock")):
        response = client.open(f"/v1/promoters/{promoter['id']}{suffix}", method=method,
                               headers=globex.headers())
        assert response.status_code == 404, (method, suffix)
    listed = client.get("/v1/promoters", headers=globex.headers()).get_json()["data"]
    assert listed == []
    still = client.get(f"/v1/promoters/{promoter['id']}", headers=acme.headers()).get_json()
    assert (still["status"], still["email"]) == ("active", promoter["email"])


def test_a_promoter_shows_their_stage_counts(client, merchant):
    promoter = enroll(client, merchant)
    first_click = click(client, f"/r/{promoter['code']}")
    click(client, f"/r/{promoter['code']}")  # the same browser again: one visitor
    click(client.application.test_client(), f"/r/{promoter['code']}")  # another browser
    client.get("/r/" + promoter["referral_url"].rsplit("/r/", 1)[1] + "x")  # tampered: invalid
    share_as(client, merchant, promoter, "email")
    sign_up(client, merchant, click_id=first_click)
    sign_up(client, merchant, code=promoter["code"], referee_external_id="cus_2",
            referee_email="z@yopmail.com")
    stats = client.get(f"/v1/promoters/{promoter['id']}", headers=merchant.headers()
                       ).get_json()["stats"]
    assert (stats["clicks"], stats["unique_visitors"]) == (3, 2)
    assert stats["shares"] == 1 and stats["shares_by_channel"]["email"] == 1
    assert stats["referrals_by_status"] == {"approved": 1, "pending_review": 1, "rejected": 0}
    assert (stats["signups"], stats["advocates"]) == (2, 1)


def test_blocking_stops_attribution_and_unblocking_restores_it(client, merchant):
    promoter = enroll(client, merchant)
    blocked = client.post(f"/v1/promoters/{promoter['id']}/block", headers=merchant.headers())
    assert blocked.get_json()["status"] == "blocked"
    response = client.get(f"/r/{promoter['code']}")
    assert "gw_click" not in response.headers["Location"]
    assert sign_up(client, merchant, code=promoter["code"]).get_json()["status"] == "rejected"
    client.post(f"/v1/promoters/{promoter['id']}/unblock", headers=merchant.headers())
    assert "gw_click=" in client.get(f"/r/{promoter['code']}").headers["Location"]


def test_erasure_forgets_the_person_but_keeps_the_counts(app, client, merchant):
    promoter = enroll(client, merchant, external_id="cus_ana", email="ana@example.com",
                      name="Ana Lima")
    friend_click = click(client, f"/r/{promoter['code']}", **{"User-Agent": "Firefox"})
    sign_up(client, merchant, click_id=friend_click, referee_email="ben@example.com")
    # Ana herself had once signed up as somebody else's friend.
    other = enroll(client, merchant, external_id="cus_zoe", email="zoe@example.com")
    own_click_id = click(client.application.test_client(), f"/r/{other['code']}",
                         **{"User-Agent": "Ana's iPhone"})
    own_signup = sign_up(client, merchant, click_id=own_click_id, referee_external_id="cus_ana",
                         referee_email="ana@example.com", ip="192.0.2.1").get_json()
    before = client.get(f"/v1/promoters/{promoter['id']}", headers=merchant.headers()).get_json()
    # Ana also saw the widget on her order page and left a few words.
    token = client.post("/v1/widget_sessions", json={
        "customer": {"external_id": "cus_ana", "email": "ana@example.com", "name": "Ana Lima"},
        "order": "order_1"}, headers=merchant.headers()).get_json()["token"]
    widget = {"Authorization": f"Bearer {merchant.publishable}", "Goodword-Session": token}
    assert client.post("/widget/v1/feedback", json={"score": 6, "text": "Ana here, slow delivery"},
                       headers=widget).status_code in (200, 201)

    response = client.delete(f"/v1/promoters/{promoter['id']}", headers=merchant.headers())
    assert response.status_code == 200
    erased = response.get_json()
    assert (erased["email"], erased["name"], erased["external_id"]) == (None, None, None)
    assert erased["status"] == "blocked" and erased["erased_at"]
    after = client.get(f"/v1/promoters/{promoter['id']}", headers=merchant.headers()).get_json()
    assert after["stats"] == before["stats"]
    own = client.get(f"/v1/referrals/{own_signup['id']}", headers=merchant.headers()).get_json()
    assert own["referee_email"] is None
    assert "cus_ana" not in own["referee_external_id"]
    assert not after["code"].startswith("ANA")
    with app.app_context():
        (visit,) = db.session.scalars(select(WidgetSession)).all()
        assert (visit.customer_email, visit.customer_name) == (None, None)
        assert "cus_ana" not in visit.customer_external_id
        (feedback,) = db.session.scalars(select(WidgetFeedback)).all()
        assert (feedback.score, feedback.text) == (6, None)
        stored_click = db.session.get(Click, friend_click)
        assert (stored_click.ip_hash, stored_click.user_agent) == (None, None)
        own_click = db.session.get(Click, own_click_id)
        assert (own_click.ip_hash, own_click.user_agent, own_click.visitor_id) == (
            None, None, "erased")
    again = client.delete(f"/v1/promoters/{promoter['id']}", headers=merchant.headers())
    assert again.status_code == 200 and again.get_json()["erased_at"] == erased["erased_at"]
    unblock = client.post(f"/v1/promoters/{promoter['id']}/unblock", headers=merchant.headers())
    assert unblock.status_code == 409
    assert error_of(unblock)["code"] == "promoter_erased"


def test_concurrent_enrollments_of_one_customer_make_one_promoter(app, merchant, on_postgres):
    barrier = threading.Barrier(6)
    ids = [None] * 6

    def enroll_at_once(slot: int) -> None:
        local = app.test_client()
        barrier.wait()
        response = local.post("/v1/promoters", json={"external_id": "cus_race"},
                              headers=merchant.headers())
        ids[slot] = (response.status_code, response.get_json().get("id"))

    threads = [threading.Thread(target=enroll_at_once, args=(slot,)) for slot in range(6)]
    for thread in threads:
        thread.start()
    join_all(threads, 30)
    assert len({promoter_id for _, promoter_id in ids}) == 1
    assert sorted(status for status, _ in ids) == [200] * 5 + [201]
