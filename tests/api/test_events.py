"""Events: every change worth telling is in the outbox, written with the change, and listed."""

from sqlalchemy import func, select

from core.db import db
from core.events.models import Event

from .test_orders import balance, make_rule, order, refund
from .test_referrals import enroll, sign_up
from .test_shares import mint_session, share_as
from .test_widget import widget


def events(client, merchant, **query) -> list[dict]:
    response = client.get("/v1/events", query_string=query | {"limit": 100},
                          headers=merchant.headers())
    assert response.status_code == 200, response.get_json()
    return response.get_json()["data"]


def types_of(client, merchant) -> list[str]:
    return sorted(event["type"] for event in events(client, merchant))


def count_events(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Event))


def test_the_referral_journey_tells_each_step(client, clock, merchant):
    make_rule(client, merchant, name="Welcome", trigger="promoter.enrolled",
              reward={"type": "fixed_points", "value": 10})
    ana = enroll(client, merchant)
    (created,) = events(client, merchant, type="promoter.created")
    assert created["id"].startswith("evt_") and created["object"] == "event"
    assert created["data"] == {"promoter": ana["id"], "external_id": ana["external_id"],
                               "code": ana["code"]}
    (earned,) = events(client, merchant, type="reward.earned")
    assert (earned["data"]["promoter"], earned["data"]["amount"]) == (ana["id"], 10)

    share_as(client, merchant, ana, "email")
    (shared,) = events(client, merchant, type="share.created")
    assert shared["data"]["channel"] == "email"

    make_rule(client, merchant)  # a point per dollar on referred orders
    referral = sign_up(client, merchant, code=ana["code"], referee_external_id="cus_ben"
                       ).get_json()
    assert [e["data"]["referral"] for e in events(client, merchant, type="referral.created")
            ] == [referral["id"]]
    assert len(events(client, merchant, type="referral.approved")) == 1
    placed = order(client, merchant, amount=10_000).get_json()
    refund(client, merchant, placed["id"], 5_000, "re_1")
    (clawed,) = events(client, merchant, type="reward.clawed_back")
    assert (clawed["data"]["promoter"], clawed["data"]["amount"]) == (ana["id"], 50)

    clock.advance(days=15)
    client.application.test_cli_runner().invoke(args=["mature"])
    available = events(client, merchant, type="reward.available")
    assert {e["data"]["promoter"] for e in available} == {ana["id"]}
    points = balance(client, merchant, ana["id"])["available"]
    client.post("/v1/redemptions", json={"promoter": ana["id"], "points": points},
                headers=merchant.headers())
    (issued,) = events(client, merchant, type="redemption.issued")
    assert issued["data"]["points"] == points
    assert "promoter.created" in types_of(client, merchant)


def test_held_referrals_are_told_when_decided(client, merchant):
    ana = enroll(client, merchant)
    held = sign_up(client, merchant, code=ana["code"], referee_external_id="cus_ben",
                   referee_email="ben@yopmail.com").get_json()
    other = sign_up(client, merchant, code=ana["code"], referee_external_id="cus_cy",
                    referee_email="cy@yopmail.com").get_json()
    client.post(f"/v1/referrals/{held['id']}/approve", json={}, headers=merchant.headers())
    client.post(f"/v1/referrals/{other['id']}/reject", json={}, headers=merchant.headers())
    assert [e["data"]["referral"] for e in events(client, merchant, type="referral.approved")
            ] == [held["id"]]
    assert [e["data"]["referral"] for e in events(client, merchant, type="referral.rejected")
            ] == [other["id"]]


def test_tiers_and_feedback_are_told(client, merchant):
    client.post("/v1/tiers", json={"name": "Gold", "metric": "approved_referrals",
                                   "threshold": 1, "window_days": 365},
                headers=merchant.headers())
    ana = enroll(client, merchant)
    sign_up(client, merchant, code=ana["code"], referee_external_id="cus_ben")
    (changed,) = events(client, merchant, type="tier.changed")
    assert (changed["data"]["promoter"], changed["data"]["change"]) == (ana["id"], "promoted")
    token = mint_session(client, merchant)
    widget(client, merchant, token, "post", "feedback", score=2, text="Slow shipping")
    (feedback,) = events(client, merchant, type="feedback.received")
    assert feedback["data"]["score"] == 2
    assert "Slow shipping" not in str(feedback)


def test_a_failed_request_leaves_no_event(app, client, merchant):
    ana = enroll(client, merchant)
    before = count_events(app)
    # The vanity code is taken: the second enrolment fails after the savepoint.
    taken = client.post("/v1/promoters", json={"external_id": "cus_x", "code": ana["code"]},
                        headers=merchant.headers())
    assert taken.status_code >= 400
    too_much = client.post("/v1/redemptions", json={"promoter": ana["id"], "points": 5},
                           headers=merchant.headers())
    assert too_much.status_code == 400
    assert count_events(app) == before


def test_a_rolled_back_change_leaves_no_event(app, merchant):
    from referrals.promoters import service as referrals_service
    with app.app_context():
        referrals_service.join_program(db.session, merchant_id=merchant.id,
                                       now=app.extensions["goodword_clock"].now(),
                                       external_id="cus_gone")
        db.session.rollback()
    assert count_events(app) == 0


def test_events_are_filtered_paged_and_private(client, clock, make_merchant, merchant):
    first = enroll(client, merchant, external_id="cus_1")
    clock.advance(minutes=5)
    cutoff = clock.now().isoformat()
    clock.advance(minutes=5)
    enroll(client, merchant, external_id="cus_2")
    enroll(client, merchant, external_id="cus_3")
    assert len(events(client, merchant, created_after=cutoff)) == 2
    (old,) = events(client, merchant, created_before=cutoff)
    assert old["data"]["promoter"] == first["id"]
    page = client.get("/v1/events?limit=2", headers=merchant.headers()).get_json()
    assert page["has_more"] is True
    rest = client.get(f"/v1/events?limit=2&starting_after={page['data'][-1]['id']}",
                      headers=merchant.headers()).get_json()
    assert [e["id"] for e in rest["data"]] == [old["id"]]
    got = client.get(f"/v1/events/{old['id']}", headers=merchant.headers())
    assert got.get_json() == old
    other = make_merchant("Globex")
    assert client.get(f"/v1/events/{old['id']}", headers=other.headers()).status_code == 404
    assert events(client, other) == []
    bad = client.get("/v1/events?type=nope", headers=merchant.headers())
    assert bad.status_code == 400
