"""/v1/tiers: promotion at once, demotion only after the grace period, multipliers in awards."""

import pytest
from sqlalchemy.orm import Session

from core.db import db
from core.ids import new_id
from referrals.signups.models import Referral
from rewards.program import tier_definitions, tiers
from rewards.program.models import PromoterTier
from tests.support.errors import error_of
from tests.support.referrals import enroll, sign_up
from tests.support.rewards import (
    create_rule,
    earn,
    evaluate,
    order_rule,
    row_counts,
    until_it_waits_for_a_lock,
)
from tests.support.tiers import GOLD, SILVER, create_tier, earn_points, reevaluate, tier_of
from tests.threads import join_all


def run_demotions(app) -> str:
    result = app.test_cli_runner().invoke(args=["demote-tiers"])
    assert result.exit_code == 0, result.output
    return result.output


def test_tiers_are_created_listed_by_threshold_and_edited(client, merchant):
    gold = create_tier(client, merchant, **GOLD)
    silver = create_tier(client, merchant, **SILVER)
    assert silver["id"].startswith("tir_")
    assert (silver["object"], silver["grace_days"], silver["perks"]) == (
        "tier", 30, "Free shipping"
    )
    listed = client.get("/v1/tiers", headers=merchant.headers()).get_json()
    assert [tier["name"] for tier in listed["data"]] == ["Silver", "Gold"]
    edited = client.patch(f"/v1/tiers/{gold['id']}", json={"threshold": 500, "grace_days": 7},
                          headers=merchant.headers()).get_json()
    assert (edited["threshold"], edited["grace_days"], edited["name"]) == (500, 7, "Gold")
    assert client.get(f"/v1/tiers/{gold['id']}", headers=merchant.headers()).get_json() == edited


@pytest.mark.parametrize(
    ("fields", "status", "code", "param"),
    [
        ({"multiplier": 1.5}, 400, "parameter_invalid", "multiplier"),
        ({"multiplier": 9_999}, 400, "parameter_invalid", "multiplier"),
        ({"threshold": 0}, 400, "parameter_invalid", "threshold"),
        ({"window_days": -1}, 400, "parameter_invalid", "window_days"),
        ({"metric": "clicks"}, 400, "parameter_invalid", "metric"),
        ({"sparkle": True}, 400, "parameter_unknown", "sparkle"),
        ({"threshold": 100}, 409, "tier_conflict", "threshold"),
        ({"metric": "approved_referrals", "threshold": 5}, 409, "tier_conflict", "metric"),
    ],
)
def test_bad_tiers_are_refused_and_write_nothing(app, client, merchant, fields, status, code,
                                                 param):
    create_tier(client, merchant, **SILVER)
    before = row_counts(app)
    response = client.post("/v1/tiers", json={**GOLD, **fields}, headers=merchant.headers())
    assert response.status_code == status, response.get_json()
    assert (error_of(response)["code"], error_of(response)["param"]) == (code, param)
    assert row_counts(app) == before


def test_an_edit_onto_another_tiers_threshold_is_refused(client, merchant):
    create_tier(client, merchant, **SILVER)
    gold = create_tier(client, merchant, **GOLD)
    response = client.patch(f"/v1/tiers/{gold['id']}", json={"threshold": 100},
                            headers=merchant.headers())
    assert response.status_code == 409
    assert client.get(f"/v1/tiers/{gold['id']}", headers=merchant.headers()).get_json() == gold


def test_another_merchants_tier_is_not_found(client, make_merchant):
    acme, globex = make_merchant("Acme"), make_merchant("Globex")
    tier = create_tier(client, acme, **SILVER)
    assert client.get(f"/v1/tiers/{tier['id']}", headers=globex.headers()).status_code == 404
    assert client.patch(f"/v1/tiers/{tier['id']}", json={"name": "Mine"},
                        headers=globex.headers()).status_code == 404
    assert client.get("/v1/tiers", headers=globex.headers()).get_json()["data"] == []
    assert client.delete(f"/v1/tiers/{tier['id']}", headers=globex.headers()).status_code == 404
    assert client.get(f"/v1/tiers/{tier['id']}", headers=acme.headers()).status_code == 200


def test_deleting_a_tier_moves_its_promoters_at_once(app, client, merchant):
    silver = create_tier(client, merchant, **SILVER)
    gold = create_tier(client, merchant, **GOLD)
    ana, ben = enroll(client, merchant)["id"], enroll(client, merchant, external_id="ben")["id"]
    earn_points(app, client, merchant, ana, 350, "o1")
    earn_points(app, client, merchant, ben, 150, "o2")
    assert (tier_of(client, merchant, ana)[0], tier_of(client, merchant, ben)[0]) == (
        "Gold", "Silver")

    deleted = client.delete(f"/v1/tiers/{gold['id']}", headers=merchant.headers())
    assert deleted.status_code == 200 and deleted.get_json()["name"] == "Gold"
    # No grace period: the tier Ana would keep during one is gone.
    assert (tier_of(client, merchant, ana)[0], tier_of(client, merchant, ben)[0]) == (
        "Silver", "Silver")
    client.delete(f"/v1/tiers/{silver['id']}", headers=merchant.headers())
    assert (tier_of(client, merchant, ana), tier_of(client, merchant, ben)) == (
        (None, None), (None, None))
    assert client.get("/v1/tiers", headers=merchant.headers()).get_json()["data"] == []
    events = client.get("/v1/events?type=tier.changed", headers=merchant.headers()).get_json()
    moves = [(e["data"]["promoter"], e["data"]["change"], e["data"]["previous_tier"],
              e["data"]["tier"]) for e in events["data"]][:3]
    assert sorted(moves) == sorted([
        (ana, "demoted", gold["id"], silver["id"]), (ana, "demoted", silver["id"], None),
        (ben, "demoted", silver["id"], None)])


def test_promotion_is_immediate_and_the_promoter_shows_progress(app, client, merchant):
    silver = create_tier(client, merchant, **SILVER)
    gold = create_tier(client, merchant, **GOLD)
    promoter = enroll(client, merchant)["id"]
    assert tier_of(client, merchant, promoter) == (None, {
        "id": silver["id"], "name": "Silver", "metric": "points_earned", "threshold": 100,
        "window_days": 30, "current": 0,
    })
    earn_points(app, client, merchant, promoter, 150, "o1")
    body = client.get(f"/v1/promoters/{promoter}", headers=merchant.headers()).get_json()
    assert body["tier"] == {"id": silver["id"], "name": "Silver", "multiplier": 12_500,
                            "perks": "Free shipping"}
    assert (body["next_tier"]["id"], body["next_tier"]["current"]) == (gold["id"], 150)
    earn_points(app, client, merchant, promoter, 200, "o2")
    assert tier_of(client, merchant, promoter) == ("Gold", None)


def test_approved_referrals_promote(app, client, merchant):
    create_tier(client, merchant, name="Advocate", metric="approved_referrals", threshold=2,
                window_days=90)
    promoter = enroll(client, merchant)
    for friend in ("cus_a", "cus_b"):
        assert sign_up(client, merchant, code=promoter["code"],
                       referee_external_id=friend).status_code == 201
        reevaluate(app, merchant.id, promoter["id"])
        if friend == "cus_a":
            assert tier_of(client, merchant, promoter["id"])[1]["current"] == 1
    assert tier_of(client, merchant, promoter["id"]) == ("Advocate", None)


def test_the_tier_multiplier_applies_to_awards_rounding_down(app, client, merchant):
    create_tier(client, merchant, **SILVER)
    promoter = enroll(client, merchant)["id"]
    earn_points(app, client, merchant, promoter, 100, "o1")
    order_rule(client, merchant, reward={"type": "points_per_currency_unit", "value": 1})
    verdict = evaluate(app, merchant.id, referrer_id=promoter, order_amount=2599)[0]
    assert verdict.amount == 31  # 25 points x 1.25 = 31.25
    assert "tier x1.25" in verdict.description


def test_demotion_waits_for_the_grace_period_and_runs_idempotently(app, client, clock,
                                                                    merchant):
    create_tier(client, merchant, **SILVER)
    create_tier(client, merchant, **{**GOLD, "grace_days": 10})
    promoter = enroll(client, merchant)["id"]
    earn_points(app, client, merchant, promoter, 300, "o1")
    clock.advance(days=25)
    earn_points(app, client, merchant, promoter, 120, "o2")
    assert tier_of(client, merchant, promoter)[0] == "Gold"

    # The first 300 points leave the window; 120 remain: Silver level, but Gold is kept.
    clock.advance(days=6)
    assert "grace started for 1" in run_demotions(app)
    assert "demoted 0, grace started for 0" in run_demotions(app)
    clock.advance(days=9, hours=23)
    run_demotions(app)
    assert tier_of(client, merchant, promoter)[0] == "Gold"
    clock.advance(hours=1)
    assert "demoted 1" in run_demotions(app)
    assert tier_of(client, merchant, promoter)[0] == "Silver"
    before = row_counts(app)
    assert "demoted 0, grace started for 0, promoted 0" in run_demotions(app)
    assert row_counts(app) == before


def test_a_promoter_who_qualifies_again_keeps_the_tier(app, client, clock, merchant):
    create_tier(client, merchant, **{**SILVER, "grace_days": 5})
    promoter = enroll(client, merchant)["id"]
    earn_points(app, client, merchant, promoter, 100, "o1")
    clock.advance(days=31)
    run_demotions(app)
    clock.advance(days=2)
    earn_points(app, client, merchant, promoter, 100, "o2")  # back above: grace ends
    clock.advance(days=4)
    run_demotions(app)
    assert tier_of(client, merchant, promoter)[0] == "Silver"
    with app.app_context():
        assert db.session.get(PromoterTier, promoter).below_threshold_since is None
    # Fallen below the lowest tier for longer than its grace: no tier at all.
    clock.advance(days=30)
    run_demotions(app)
    clock.advance(days=5)
    run_demotions(app)
    assert tier_of(client, merchant, promoter)[0] is None
    assert row_counts(app)["promoter_tiers"] == 0


def test_deleting_a_tier_while_an_earning_promotes_into_it(app, client, merchant, on_postgres):
    """DELETE /v1/tiers/{gold} holds Gold's row; an earning that qualifies Ana for Gold read the
    ladder before the delete committed. The earning must wait for the delete and place Ana in
    what is left (Silver), not fail on the foreign key to the deleted tier (a 500)."""
    import threading

    from sqlalchemy.orm import Session

    create_tier(client, merchant, **SILVER)
    gold = create_tier(client, merchant, **GOLD)
    ana = enroll(client, merchant)["id"]
    rule = create_rule(client, merchant, name="grant", reward={"type": "fixed_points",
                                                               "value": 350})
    verdicts = evaluate(app, merchant.id, trigger="referral.approved", referrer_id=ana)
    earn(app, merchant.id, next(v for v in verdicts if v.rule_id == rule["id"]), "o1")
    failures: list[BaseException] = []

    def earning() -> None:
        try:
            reevaluate(app, merchant.id, ana)
        except BaseException as error:  # reported by the test
            failures.append(error)

    with app.app_context():
        now = app.extensions["goodword_clock"].now()
        with Session(db.engine) as deleting:
            tiers.delete_tier(deleting, merchant_id=merchant.id, tier_id=gold["id"], now=now)
            promoting = threading.Thread(target=earning)
            promoting.start()
            until_it_waits_for_a_lock(promoting)
            deleting.commit()
        join_all([promoting], 20)
    assert failures == []
    assert tier_of(client, merchant, ana)[0] == "Silver"


def test_two_tiers_deleted_at_once(app, client, merchant, on_postgres):
    """Silver is being deleted when the shop deletes Gold, whose promoter Ana would move down
    to Silver: the second delete waits for the first and moves her to what is left (no tier),
    instead of a 500 on the foreign key to the deleted Silver."""
    import threading

    from sqlalchemy.orm import Session

    silver = create_tier(client, merchant, **SILVER)
    gold = create_tier(client, merchant, **GOLD)
    ana = enroll(client, merchant)["id"]
    earn_points(app, client, merchant, ana, 350, "o1")
    assert tier_of(client, merchant, ana)[0] == "Gold"
    answers = []
    deleting_gold = threading.Thread(target=lambda: answers.append(
        app.test_client().delete(f"/v1/tiers/{gold['id']}", headers=merchant.headers())))
    with app.app_context():
        now = app.extensions["goodword_clock"].now()
        with Session(db.engine) as deleting_silver:
            tiers.delete_tier(deleting_silver, merchant_id=merchant.id, tier_id=silver["id"],
                              now=now)
            deleting_gold.start()
            until_it_waits_for_a_lock(deleting_gold)
            deleting_silver.commit()
        join_all([deleting_gold], 20)
    assert [answer.status_code for answer in answers] == [200], answers[0].get_json()
    assert tier_of(client, merchant, ana)[0] is None
    assert client.get("/v1/tiers", headers=merchant.headers()).get_json()["data"] == []


def test_a_demotion_into_a_tier_being_deleted(app, client, merchant, on_postgres):
    """The daily demote-tiers run moves Ana from Gold down to Silver while the shop deletes
    Silver: the run waits for the delete and demotes her to what is left (no tier), instead
    of failing on the foreign key to the deleted Silver."""
    import threading

    from sqlalchemy.orm import Session

    clock = app.extensions["goodword_clock"]
    silver = create_tier(client, merchant, **{**SILVER, "grace_days": 0})
    create_tier(client, merchant, **{**GOLD, "grace_days": 0})
    ana = enroll(client, merchant)["id"]
    earn_points(app, client, merchant, ana, 350, "o1")
    clock.advance(days=20)
    earn_points(app, client, merchant, ana, 150, "o2")
    clock.advance(days=11)  # 150 points in the window: Silver's figure, below Gold's
    run_demotions(app)  # Gold's grace (of 0 days) starts
    assert tier_of(client, merchant, ana)[0] == "Gold"
    results = []
    demoting = threading.Thread(target=lambda: results.append(
        app.test_cli_runner().invoke(args=["demote-tiers"])))
    with app.app_context():
        with Session(db.engine) as deleting_silver:
            tiers.delete_tier(deleting_silver, merchant_id=merchant.id, tier_id=silver["id"],
                              now=clock.now())
            demoting.start()
            until_it_waits_for_a_lock(demoting)
            deleting_silver.commit()
        join_all([demoting], 20)
    assert results[0].exit_code == 0, (results[0].output, results[0].exception)
    assert "demoted 1" in results[0].output
    assert tier_of(client, merchant, ana)[0] is None


def test_a_tier_created_earlier_in_the_transaction_counts_for_its_earnings(app, client,
                                                                           merchant):
    """The ladder is read once per transaction, but a tier created (or changed) in that
    transaction is part of it: a promoter placed in a new 1.25x tier earns 1.25x, not 1x."""
    promoter = enroll(client, merchant)
    earn_points(app, client, merchant, promoter["id"], 100, "first")
    with app.app_context():
        now = app.extensions["goodword_clock"].now()
        assert tier_definitions.ladder(db.session, merchant_id=merchant.id) == []
        assert tiers.multiplier_for(db.session, merchant_id=merchant.id,
                                    promoter_id=promoter["id"]) == tiers.ONE_X
        tier_definitions.create_tier(db.session, merchant_id=merchant.id, now=now, **SILVER)
        tiers.reevaluate(db.session, merchant_id=merchant.id, promoter_id=promoter["id"],
                         now=now)
        assert tiers.multiplier_for(db.session, merchant_id=merchant.id,
                                    promoter_id=promoter["id"]) == SILVER["multiplier"]
        db.session.rollback()


def test_the_ladder_is_not_kept_from_one_transaction_to_the_next(app, client, merchant):
    """A long-lived session (a worker's) asks for a multiplier first thing in a transaction, then
    again in a later one, after a tier was created and reached: the later one sees the tier."""
    promoter = enroll(client, merchant)
    earn_points(app, client, merchant, promoter["id"], 100, "first")
    with app.app_context():
        worker = Session(db.engine)
    try:
        assert tiers.multiplier_for(worker, merchant_id=merchant.id,
                                    promoter_id=promoter["id"]) == tiers.ONE_X
        worker.commit()
        create_tier(client, merchant, **SILVER)
        reevaluate(app, merchant.id, promoter["id"])
        assert tiers.multiplier_for(worker, merchant_id=merchant.id,
                                    promoter_id=promoter["id"]) == SILVER["multiplier"]
    finally:
        worker.close()


def refer_friends(app, merchant, promoter: dict, count: int) -> None:
    """`count` approved friends of the promoter, written as rows: this test is about tiers,
    and so many signups in a minute through the API are rightly held by the fraud checks."""
    with app.app_context():
        now = app.extensions["goodword_clock"].now()
        for index in range(count):
            email = f"friend{index}.{promoter['id']}@example.org"
            db.session.add(Referral(
                id=new_id("ref"), merchant_id=merchant.id, promoter_id=promoter["id"],
                attributed_by="code", referee_external_id=f"{promoter['id']}_{index}",
                referee_email=email, referee_email_key=email, status="approved", reasons=[],
                created_at=now))
        db.session.commit()


def test_a_new_or_edited_tier_places_who_qualifies_now_and_progress_never_passes_its_goal(
        app, client, merchant):
    ana = enroll(client, merchant, external_id="cus_ana")
    refer_friends(app, merchant, ana, 7)  # no rule pays, so no earning re-evaluates her
    assert tier_of(client, merchant, ana["id"]) == (None, None)

    silver = create_tier(client, merchant, name="Silver", metric="approved_referrals",
                         threshold=3, window_days=90)
    assert tier_of(client, merchant, ana["id"]) == ("Silver", None)  # placed at once
    gold = create_tier(client, merchant, name="Gold", metric="approved_referrals",
                       threshold=10, window_days=90)
    _, progress = tier_of(client, merchant, ana["id"])
    assert (progress["name"], progress["current"], progress["threshold"]) == ("Gold", 7, 10)
    client.patch(f"/v1/tiers/{gold['id']}", json={"threshold": 5}, headers=merchant.headers())
    assert tier_of(client, merchant, ana["id"]) == ("Gold", None)  # moved up by the edit
    changes = client.get("/v1/events?type=tier.changed", headers=merchant.headers()).get_json()
    assert [(event["data"]["change"], event["data"]["tier"]) for event in changes["data"]] == [
        ("promoted", gold["id"]), ("promoted", silver["id"])]  # newest first

    # Ben reaches both tiers with no earning to re-evaluate him: until he is placed (the daily
    # job), no tier he already reaches is shown as a goal: never "7 of 3".
    ben = enroll(client, merchant, external_id="cus_ben", email="ben@example.org")
    refer_friends(app, merchant, ben, 7)
    assert tier_of(client, merchant, ben["id"]) == (None, None)
    assert "demoted 0" in run_demotions(app)
    assert tier_of(client, merchant, ben["id"]) == ("Gold", None)


def test_a_tier_edit_while_an_earning_promotes_places_the_promoter_once(
        app, client, merchant, on_postgres):
    """An earning has just promoted Ana to Gold, not yet committed, when the shop edits Gold:
    the edit's placement waits for the earning (the ladder, then the tier rows, are locked)
    and finds Ana in Gold already, so she is promoted once, with one tier.changed event, not
    a second one from a stale read of her Silver row."""
    import threading

    from sqlalchemy.orm import Session

    create_tier(client, merchant, **SILVER)
    gold = create_tier(client, merchant, **GOLD)
    ana = enroll(client, merchant)["id"]
    earn_points(app, client, merchant, ana, 150, "o1")
    assert tier_of(client, merchant, ana)[0] == "Silver"
    rule = create_rule(client, merchant, name="grant", reward={"type": "fixed_points",
                                                               "value": 200})
    verdicts = evaluate(app, merchant.id, trigger="referral.approved", referrer_id=ana)
    earn(app, merchant.id, next(v for v in verdicts if v.rule_id == rule["id"]), "o2")
    answers = []
    editing = threading.Thread(target=lambda: answers.append(app.test_client().patch(
        f"/v1/tiers/{gold['id']}", json={"name": "Gold+"}, headers=merchant.headers())))
    with app.app_context():
        now = app.extensions["goodword_clock"].now()
        with Session(db.engine) as earning:
            tiers.reevaluate(earning, merchant_id=merchant.id, promoter_id=ana, now=now)
            editing.start()
            until_it_waits_for_a_lock(editing)
            earning.commit()
        join_all([editing], 20)
    assert [answer.status_code for answer in answers] == [200]
    assert tier_of(client, merchant, ana)[0] == "Gold+"
    events = client.get("/v1/events?type=tier.changed", headers=merchant.headers()).get_json()
    to_gold = [event for event in events["data"] if event["data"]["tier"] == gold["id"]]
    assert len(to_gold) == 1, to_gold
