"""The review queue as cases on the dashboard: a farm shown as one case with its evidence,
decided at once or row by row, all or none; pages of cases with the queue's counts."""

import re

import pytest
from sqlalchemy import select

from core.db import db
from referrals.signups.models import Referral
from tests.support.dashboard import csrf_of
from tests.support.referrals import enroll
from tests.support.review import farm, held_alone, hold_everything_suspicious


def statuses(app, referrals) -> dict[str, str]:
    with app.app_context():
        rows = db.session.execute(select(Referral.id, Referral.status).where(
            Referral.id.in_([referral["id"] for referral in referrals]))).all()
        return dict(rows)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.fixture
def held(client, merchant):
    hold_everything_suspicious(client, merchant)
    ana = enroll(client, merchant)
    return {"farm": farm(client, merchant, ana, 6), "alone": held_alone(client, merchant, ana, 1)}


def decide(owner_client, scope: str, decision: str, *, case=(), ticked=(), note=""):
    token = csrf_of(owner_client.get("/dashboard/review"))
    return owner_client.post(
        f"/dashboard/review/bulk?scope={scope}", follow_redirects=True,
        data={"csrf_token": token, "decision": decision, "note": note, "page": "1",
              "case_referral": [r["id"] for r in case], "referral": [r["id"] for r in ticked]})


def test_the_farm_is_one_case_with_evidence_reasons_and_counts(owner_client, held):
    page = owner_client.get("/dashboard/review")
    assert page.status_code == 200
    text = text_of(page)
    assert "2 cases · 7 signups held" in text
    case_id = "case_" + held["farm"][0]["id"].removeprefix("ref_")
    html = page.get_data(as_text=True)
    assert f'id="{case_id}"' in html and "Case of 6 signups" in text
    assert "All of 6 share one network (/24 or /64)" in text
    assert "All of 6 share one address pattern: kmiller#@yahoo.com" in text
    assert "sequential_addresses \u00d76" in text
    assert "Reject all 6" in text and "Approve selected" in text
    for referral in held["farm"]:
        assert referral["referee_email"] in text
    # The friend held alone is a card of its own, decided as before.
    assert f'id="{held["alone"]["id"]}"' in html


def test_rejecting_the_whole_case_at_once(app, owner_client, held):
    after = decide(owner_client, "case", "reject", case=held["farm"], note="a farm")
    assert "6 signups rejected." in text_of(after)
    assert set(statuses(app, held["farm"]).values()) == {"rejected"}
    assert statuses(app, [held["alone"]])[held["alone"]["id"]] == "pending_review"
    assert "1 case · 1 signup held" in text_of(after)
    with app.app_context():
        notes = set(db.session.scalars(select(Referral.decision_note).where(
            Referral.id.in_([r["id"] for r in held["farm"]]))))
        assert notes == {"a farm"}


def test_approving_only_the_ticked_rows(app, owner_client, held):
    ticked = held["farm"][:2]
    after = decide(owner_client, "selected", "approve", case=held["farm"], ticked=ticked)
    assert "2 signups approved." in text_of(after)
    result = statuses(app, held["farm"])
    assert [result[r["id"]] for r in held["farm"]] == ["approved"] * 2 + ["pending_review"] * 4
    assert "Case of 4 signups" in text_of(after)


def test_nothing_ticked_or_one_decided_otherwise_changes_nothing(app, client, merchant,
                                                                 owner_client, held):
    empty = decide(owner_client, "selected", "reject", case=held["farm"])
    assert "Tick at least one signup" in text_of(empty)
    client.post(f"/v1/referrals/{held['farm'][3]['id']}/approve", json={},
                headers=merchant.headers())
    refused = decide(owner_client, "case", "reject", case=held["farm"])
    assert "already decided otherwise" in text_of(refused)
    result = statuses(app, held["farm"])
    assert sorted(result.values()) == ["approved"] + ["pending_review"] * 5


def test_another_merchants_signups_and_a_missing_csrf_change_nothing(
        app, client, make_merchant, owner_client, held):
    other = make_merchant("Other Shop")
    hold_everything_suspicious(client, other)
    theirs = farm(client, other, enroll(client, other), 3)
    assert decide(owner_client, "case", "reject", case=theirs).status_code == 404
    assert set(statuses(app, theirs).values()) == {"pending_review"}
    bare = owner_client.post("/dashboard/review/bulk?scope=case", data={
        "decision": "reject", "case_referral": [r["id"] for r in held["farm"]]})
    assert bare.status_code == 400
    assert set(statuses(app, held["farm"]).values()) == {"pending_review"}


def test_pages_of_twenty_cases(client, merchant, owner_client):
    hold_everything_suspicious(client, merchant)
    for n in range(23):  # one held friend for each of 23 promoters: 23 cases
        promoter = enroll(client, merchant, external_id=f"cus_{n}", email=f"p{n}@example.com")
        held_alone(client, merchant, promoter, n)
    first = text_of(owner_client.get("/dashboard/review"))
    assert "23 cases · 23 signups held · page 1 of 2" in first
    assert first.count("Approve") == 20 and "Next page" in first
    second = text_of(owner_client.get("/dashboard/review?page=2"))
    assert second.count("Approve") == 3 and "Previous page" in second
    assert "page 2 of 2" in text_of(owner_client.get("/dashboard/review?page=99"))


def test_a_large_farm_shows_fifty_rows_and_is_rejected_whole(app, client, merchant,
                                                              owner_client):
    hold_everything_suspicious(client, merchant)
    held = farm(client, merchant, enroll(client, merchant), 55)
    page = owner_client.get("/dashboard/review")
    html, text = page.get_data(as_text=True), text_of(page)
    assert html.count('type="checkbox"') == 50
    assert "and 5 more signups of this case" in text and "Reject all 55" in text
    after = decide(owner_client, "case", "reject", case=held)
    assert "55 signups rejected." in text_of(after)
    assert set(statuses(app, held).values()) == {"rejected"}
