"""The review queue as cases (referrals/signups/cases.py): a farm of one promoter is one case,
decided at once, all or none, through the one decision function; paging with total counts."""

import pytest
from sqlalchemy import func, select

from core.db import db
from core.events.models import Event
from tests.support.errors import error_of
from tests.support.orders import balance
from tests.support.referrals import enroll
from tests.support.review import farm, held_alone, hold_everything_suspicious
from tests.support.rewards import create_rule


def queue(client, merchant, **query):
    response = client.get("/v1/review_cases", query_string=query, headers=merchant.headers())
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def statuses(client, merchant, referrals) -> set[str]:
    return {client.get(f"/v1/referrals/{referral['id']}", headers=merchant.headers())
            .get_json()["status"] for referral in referrals}


@pytest.fixture
def world(client, merchant):
    """Ana's farm of 6, two unrelated friends of Ana held alone, and Bo's friend on the farm's
    network: four cases, nine referrals."""
    hold_everything_suspicious(client, merchant)
    ana = enroll(client, merchant, external_id="cus_ana", email="ana.lima@gmail.com")
    bo = enroll(client, merchant, external_id="cus_bo", email="bo.berg@gmail.com")
    return {
        "ana": ana, "bo": bo, "farm": farm(client, merchant, ana, 6),
        "alone": [held_alone(client, merchant, ana, 1),
                  held_alone(client, merchant, ana, 2, provider="guerrillamail.com")],
        "bo_friend": held_alone(client, merchant, bo, 3),
    }


def test_a_farm_is_one_case_with_its_evidence_and_others_stay_apart(client, merchant, world):
    body = queue(client, merchant)
    assert (body["object"], body["total_count"], body["total_referrals"]) == ("list", 4, 9)
    farm_case = body["data"][0]  # the largest first
    assert farm_case["object"] == "review_case"
    assert farm_case["promoter"] == world["ana"]["id"]
    assert farm_case["referral_count"] == 6
    assert [r["id"] for r in farm_case["referrals"]] == [r["id"] for r in world["farm"]]
    shared = {item["what"]: item for item in farm_case["shared"]}
    assert shared["network"] == {"what": "network", "value": None, "count": 6}
    assert shared["pattern"]["value"] == "kmiller#@yahoo.com"
    assert "All of 6 share one network (/24 or /64)" in farm_case["evidence"]
    assert "sequential_addresses" in {reason["code"] for reason in farm_case["reasons"]}
    assert [case["referral_count"] for case in body["data"][1:]] == [1, 1, 1]
    promoters = [case["promoter"] for case in body["data"][1:]]
    assert promoters.count(world["bo"]["id"]) == 1  # the farm's network, another promoter


def test_pages_of_cases_with_the_counts_of_the_whole_queue(client, merchant, world):
    seen = []
    after = None
    while True:
        page = queue(client, merchant, limit=3, **({"starting_after": after} if after else {}))
        assert (page["total_count"], page["total_referrals"]) == (4, 9)
        seen += [case["id"] for case in page["data"]]
        if not page["has_more"]:
            break
        after = page["data"][-1]["id"]
    assert len(seen) == len(set(seen)) == 4
    stale = client.get("/v1/review_cases", query_string={"starting_after": "case_gone"},
                       headers=merchant.headers())
    assert stale.status_code == 400 and error_of(stale)["param"] == "starting_after"


def test_rejecting_a_case_rejects_the_farm_at_once_and_can_be_repeated(
        app, client, merchant, world):
    case = queue(client, merchant)["data"][0]
    key = {"Idempotency-Key": "reject-the-farm"}
    response = client.post(f"/v1/review_cases/{case['id']}/reject", json={"note": "a farm"},
                           headers=merchant.headers(**key))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["object"], body["status"], body["decided_count"], body["unchanged_count"]) == (
        "bulk_decision", "rejected", 6, 0)
    assert {r["decision_note"] for r in body["referrals"]} == {"a farm"}
    assert statuses(client, merchant, world["farm"]) == {"rejected"}
    assert statuses(client, merchant, world["alone"] + [world["bo_friend"]]) == {
        "pending_review"}
    replay = client.post(f"/v1/review_cases/{case['id']}/reject", json={"note": "a farm"},
                         headers=merchant.headers(**key))
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.get_json() == body
    # The case left the queue; the same referrals named again are left as they are.
    gone = client.post(f"/v1/review_cases/{case['id']}/reject", json={},
                       headers=merchant.headers())
    assert gone.status_code == 409 and error_of(gone)["code"] == "referral_not_pending"
    assert client.get(f"/v1/review_cases/{case['id']}",
                      headers=merchant.headers()).status_code == 409
    again = client.post("/v1/referrals/bulk_reject",
                        json={"referrals": [r["id"] for r in world["farm"]]},
                        headers=merchant.headers())
    assert again.status_code == 200
    assert (again.get_json()["decided_count"], again.get_json()["unchanged_count"]) == (0, 6)
    assert queue(client, merchant)["total_referrals"] == 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event).where(
            Event.merchant_id == merchant.id, Event.type == "referral.rejected")) == 6


def test_approving_selected_referrals_pays_each_under_the_rules(client, merchant, world):
    create_rule(client, merchant)  # 100 points to the referrer per approved referral
    chosen = [world["farm"][0]["id"], world["alone"][1]["id"]]
    response = client.post("/v1/referrals/bulk_approve", json={"referrals": chosen},
                           headers=merchant.headers())
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["decided_count"] == 2
    assert statuses(client, merchant, [{"id": ref} for ref in chosen]) == {"approved"}
    # The two approved before by the checks earned nothing: the rule came after them.
    assert balance(client, merchant, world["ana"]["id"])["pending"] == 200


def test_fifty_decided_together_or_not_at_all(client, merchant):
    hold_everything_suspicious(client, merchant)
    ana = enroll(client, merchant)
    held = farm(client, merchant, ana, 50)
    ids = [referral["id"] for referral in held]
    single = client.post(f"/v1/referrals/{ids[37]}/approve", json={},
                         headers=merchant.headers())
    assert single.status_code == 200
    refused = client.post("/v1/referrals/bulk_reject", json={"referrals": ids},
                          headers=merchant.headers())
    assert refused.status_code == 409
    assert error_of(refused)["code"] == "referral_not_pending"
    assert ids[37] in error_of(refused)["message"]
    assert statuses(client, merchant, held[:37] + held[38:]) == {"pending_review"}
    rest = ids[:37] + ids[38:]
    done = client.post("/v1/referrals/bulk_reject", json={"referrals": rest},
                       headers=merchant.headers())
    assert done.status_code == 200 and done.get_json()["decided_count"] == 49
    assert statuses(client, merchant, held[:37] + held[38:]) == {"rejected"}


def test_bad_bulk_requests_are_error_objects_and_change_nothing(
        client, merchant, make_merchant, world):
    other = make_merchant("Other Shop")
    hold_everything_suspicious(client, other)
    theirs = held_alone(client, other, enroll(client, other), 4)
    mine = [r["id"] for r in world["farm"]]
    cases = [
        ({"referrals": [*mine, theirs["id"]]}, 404, "resource_missing"),
        ({"referrals": [*mine, "ref_nobody"]}, 404, "resource_missing"),
        ({"referrals": []}, 400, "parameter_invalid"),
        ({}, 400, "parameter_missing"),
        ({"referrals": mine, "status": "rejected"}, 400, None),
        ({"referrals": ["x"] * 501}, 400, "parameter_invalid"),
    ]
    for body, status, code in cases:
        response = client.post("/v1/referrals/bulk_reject", json=body,
                               headers=merchant.headers())
        assert response.status_code == status, (body, response.get_json())
        assert set(error_of(response)) >= {"type", "code", "message"}
        assert code is None or error_of(response)["code"] == code, response.get_json()
    assert statuses(client, merchant, world["farm"]) == {"pending_review"}
    assert statuses(client, other, [theirs]) == {"pending_review"}
    foreign = client.get(f"/v1/review_cases/case_{theirs['id'].removeprefix('ref_')}",
                         headers=merchant.headers())
    assert foreign.status_code == 404
