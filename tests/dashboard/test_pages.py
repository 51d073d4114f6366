"""The journey page, promoters, and the review queue, through the test client."""

import re

from sqlalchemy import select

from core.db import db
from referrals.signups.models import Referral
from tests.support.dashboard import csrf_of, held_referral, log_in, make_user
from tests.support.referrals import click, enroll, sign_up
from tests.support.widget import share_as


def funnel_counts(page) -> dict[str, int]:
    html = page.get_data(as_text=True)
    rows = re.findall(r'data-stage="(\w+)">.*?<td class="num">(\d+)</td>', html, re.S)
    return {stage: int(count) for stage, count in rows}


def test_the_funnel_matches_the_api_journey(client, clock, merchant, owner_client):
    promoter = enroll(client, merchant)
    clicks = [click(client.application.test_client(), f"/r/{promoter['code']}")
              for _ in range(4)]
    share_as(client, merchant, promoter, "whatsapp")
    sign_up(client, merchant, click_id=clicks[0], referee_external_id="f1")
    sign_up(client, merchant, click_id=clicks[1], referee_external_id="f2",
            referee_email="x@yopmail.com")
    clock.advance(seconds=5)
    api = client.get("/v1/stats/journey", headers=merchant.headers()).get_json()
    page = owner_client.get("/dashboard")
    assert page.status_code == 200
    stages = api["friend_funnel"] + api["promoter_funnel"]
    assert funnel_counts(page) == {stage["stage"]: stage["count"] for stage in stages} == {
        # 4 visitors clicked; 2 of them signed up (one held for review); nobody ordered yet.
        "awareness": 4, "subscribe": 2, "convert": 0, "retention": 0,
        # Of the 2 members (the promoter, and the approved friend enrolled with their
        # referral), 1 shared, and their friend was approved.
        "members": api["virality"]["members"], "engagement": 1, "advocacy": 1}
    html = page.get_data(as_text=True)
    assert '<svg class="chart" id="trend"' in html and "<polyline" in html
    assert "Clicks: 4 in all" in html and "Signups: 2 in all" in html
    assert "50.0%" in html  # subscribe: 2 of the 4 visitors
    # 1 share from 2 members x 2 signups per share (a share can reach several friends):
    # K = 0.5 x 2 = 1.0, signups per member.
    assert api["virality"]["members"] == 2
    assert re.search(r'id="k-factor">1\.0<', html)
    assert "0.50 invitations (shares) per member" in html
    assert "2.00 signups per invitation" in html
    assert "Each invitation reached 4.0 people" in html


def test_a_date_range_narrows_the_funnel_and_a_bad_one_explains_itself(
    client, clock, merchant, owner_client
):
    promoter = enroll(client, merchant)
    click(client, f"/r/{promoter['code']}")
    day = clock.now().date()
    clock.advance(days=3)
    assert funnel_counts(owner_client.get(f"/dashboard?from={day}&to={day}"))["awareness"] == 1
    later = clock.now().date()
    assert funnel_counts(owner_client.get(f"/dashboard?from={later}&to={later}"))[
        "awareness"] == 0
    backwards = owner_client.get(f"/dashboard?from={later}&to={day}")
    assert backwards.status_code == 200
    assert "start must be before end." in backwards.get_data(as_text=True)


def test_promoters_are_searchable_and_ranked(client, merchant, owner_client):
    ana = enroll(client, merchant, external_id="cus_ana", email="ana@example.com")
    enroll(client, merchant, external_id="cus_bo", email="bo@example.com")
    sign_up(client, merchant, code=ana["code"], referee_external_id="friend_1")
    listing = owner_client.get("/dashboard/promoters").get_data(as_text=True)
    assert listing.index("ana@example.com") < listing.index("bo@example.com")
    found = owner_client.get("/dashboard/promoters?q=BO@").get_data(as_text=True)
    assert "bo@example.com" in found and "ana@example.com" not in found
    by_code = owner_client.get(f"/dashboard/promoters?q={ana['code']}").get_data(as_text=True)
    assert "ana@example.com" in by_code
    assert "No promoters match" in owner_client.get("/dashboard/promoters?q=%25").get_data(
        as_text=True)


def test_a_promoter_page_shows_link_counts_and_referrals(client, merchant, owner_client):
    ana = enroll(client, merchant, external_id="cus_ana", email="ana@example.com")
    click(client, f"/r/{ana['code']}")
    sign_up(client, merchant, code=ana["code"], referee_external_id="friend_1",
            referee_email="friend@example.com")
    page = owner_client.get(f"/dashboard/promoters/{ana['id']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert ana["referral_url"].replace("&", "&amp;") in html or ana["referral_url"] in html
    assert "friend@example.com" in html and ana["code"] in html


def test_another_merchants_promoter_and_referral_are_not_found(
    app, client, make_merchant, owner_client
):
    other = make_merchant("Other Shop")
    theirs = enroll(client, other)
    referral = held_referral(client, other, theirs)
    page = owner_client.get(f"/dashboard/promoters/{theirs['id']}")
    assert page.status_code == 404 and page.mimetype == "text/html"
    token = csrf_of(owner_client.get("/dashboard/review"))
    decided = owner_client.post(f"/dashboard/review/{referral['id']}",
                                data={"decision": "approve", "csrf_token": token})
    assert decided.status_code == 404
    assert _status(app, referral["id"]) == "pending_review"


def test_approving_and_rejecting_from_the_queue(app, client, merchant, owner_client):
    promoter = enroll(client, merchant)
    first = held_referral(client, merchant, promoter)
    second = held_referral(client, merchant, promoter, "y@sub.mailinator.com", "cus_10")
    queue = owner_client.get("/dashboard/review").get_data(as_text=True)
    assert first["id"] in queue and second["id"] in queue and "disposable_email" in queue
    token = csrf_of(owner_client.get("/dashboard/review"))
    approved = owner_client.post(f"/dashboard/review/{first['id']}", data={
        "decision": "approve", "note": "a real customer", "csrf_token": token})
    assert approved.status_code == 302
    owner_client.post(f"/dashboard/review/{second['id']}", data={
        "decision": "reject", "note": "a bot", "csrf_token": token})
    with app.app_context():
        first_row = db.session.get(Referral, first["id"])
        assert (first_row.status, first_row.decision_note) == ("approved", "a real customer")
        assert first_row.decided_by.startswith("usr_")
    assert _status(app, second["id"]) == "rejected"
    after = owner_client.get("/dashboard/review").get_data(as_text=True)
    assert "Nothing to review." in after
    again = owner_client.post(f"/dashboard/review/{first['id']}", data={
        "decision": "reject", "csrf_token": token}, follow_redirects=True)
    assert "only referrals pending review can be decided" in again.get_data(as_text=True)
    assert _status(app, first["id"]) == "approved"


def test_a_decision_without_csrf_changes_nothing(app, client, merchant, owner_client):
    promoter = enroll(client, merchant)
    referral = held_referral(client, merchant, promoter)
    response = owner_client.post(f"/dashboard/review/{referral['id']}",
                                 data={"decision": "approve"})
    assert response.status_code == 400
    assert _status(app, referral["id"]) == "pending_review"


def test_staff_may_work_the_review_queue(app, client, merchant):
    make_user(app, merchant.id, "staff@acme.example", "staff")
    log_in(client, "staff@acme.example")
    assert client.get("/dashboard/review").status_code == 200
    assert client.get("/dashboard/promoters").status_code == 200


def _status(app, referral_id: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Referral.status).where(Referral.id == referral_id))
