"""Members and ways to earn, through the API: every customer the shop tells Goodword about is a
member, and the loyalty triggers (member.joined, member.birthday, member.anniversary,
order.milestone, activity.recorded) earn through the same rules as every other earning. Each
test saves its rule through the API, makes the event happen, and reads the member's balance and
ledger as the merchant sees them."""

import threading
from datetime import UTC, datetime

import pytest

from api.cli.worker import Worker
from referrals.members import scheduled as celebrations
from tests.support.errors import error_of
from tests.support.jobs import run_together
from tests.support.orders import order
from tests.support.referrals import click, enroll, sign_up
from tests.support.rewards import create_rule
from tests.support.widget import mint_session, widget_headers

MARCH_14 = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


def rule(client, merchant, trigger: str, value: int = 50, **fields) -> dict:
    """A fixed-points rule for the member (the "customer") on `trigger`."""
    return create_rule(client, merchant, trigger=trigger, name=f"{trigger} bonus",
                       beneficiary="customer",
                       reward={"type": "fixed_points", "value": value}, **fields)


def member_by_customer(client, merchant, external_id: str) -> dict:
    found = client.get(f"/v1/promoters?external_id={external_id}", headers=merchant.headers())
    (member,) = found.get_json()["data"]
    return member


def earnings(client, merchant, member_id: str) -> list[tuple]:
    """(cause_type, cause_id, rule, amount) of each earning on the member's ledger, oldest
    first."""
    ledger = client.get(f"/v1/promoters/{member_id}/ledger_transactions?limit=100",
                        headers=merchant.headers())
    assert ledger.status_code == 200
    return sorted(((txn["cause_type"], txn["cause_id"], txn["rule_id"],
                    next(entry["amount"] for entry in txn["entries"]
                         if entry["owner"] == member_id))
                   for txn in ledger.get_json()["data"] if txn["kind"] == "earn"),
                  key=lambda earned: (earned[0], earned[1]))


def pending(client, merchant, member_id: str) -> int:
    body = client.get(f"/v1/promoters/{member_id}/balance", headers=merchant.headers())
    return sum(b["pending"] for b in body.get_json()["balances"] if b["unit"] == "points")


def run_daily_job(app) -> None:
    """The worker's scheduled jobs, as `goodword worker` runs them."""
    Worker(app).run_jobs()


# member.joined: once, whichever path first made the customer a member.

def test_a_member_enrolled_through_the_api_is_welcomed_once(client, merchant):
    welcome = rule(client, merchant, "member.joined")
    ana = enroll(client, merchant, external_id="cus_ana")
    again = client.post("/v1/promoters", json={"external_id": "cus_ana"},
                        headers=merchant.headers())
    assert again.status_code == 200
    assert earnings(client, merchant, ana["id"]) == [("member", ana["id"], welcome["id"], 50)]


def test_a_buyer_becomes_a_member_on_their_first_order_and_is_welcomed_once(client, merchant):
    welcome = rule(client, merchant, "member.joined")
    assert order(client, merchant, "o-1", customer="cus_ben").status_code == 201
    assert order(client, merchant, "o-2", customer="cus_ben").status_code == 201
    ben = member_by_customer(client, merchant, "cus_ben")
    assert earnings(client, merchant, ben["id"]) == [("member", ben["id"], welcome["id"], 50)]


def test_a_buyer_welcomed_on_their_first_order_earns_its_points_too(client, merchant):
    """The welcome and the order's own award are granted in one transaction, each with its
    own cause."""
    welcome = rule(client, merchant, "member.joined")
    per_dollar = create_rule(client, merchant, trigger="order.paid", name="Points per dollar",
                             beneficiary="customer",
                             reward={"type": "points_per_currency_unit", "value": 1})
    placed = order(client, merchant, "o-1", amount=2_500, customer="cus_cleo")
    assert placed.status_code == 201
    cleo = member_by_customer(client, merchant, "cus_cleo")
    assert earnings(client, merchant, cleo["id"]) == [
        ("member", cleo["id"], welcome["id"], 50),
        ("order", placed.get_json()["id"], per_dollar["id"], 25)]


def test_a_widget_buyer_and_a_referred_friend_are_members_welcomed_once(client, merchant):
    welcome = rule(client, merchant, "member.joined")
    token = mint_session(client, merchant, external_id="cus_dan")
    for _ in range(2):
        joined = client.post("/widget/v1/enrollment", json={},
                             headers=widget_headers(merchant.publishable, token))
        assert joined.status_code in (200, 201), joined.get_json()
    dan = member_by_customer(client, merchant, "cus_dan")
    assert earnings(client, merchant, dan["id"]) == [("member", dan["id"], welcome["id"], 50)]

    # Eva's own browser: another client, another user agent (the test clients share 127.0.0.1).
    friend = client.application.test_client()
    eva_click = click(friend, f"/r/{dan['code']}", **{"User-Agent": "Eva's phone"})
    signed = sign_up(client, merchant, click_id=eva_click,
                     referee_external_id="cus_eva", referee_email="eva@example.com")
    assert signed.get_json()["status"] == "approved", signed.get_json()["reasons"]
    eva = member_by_customer(client, merchant, "cus_eva")
    assert earnings(client, merchant, eva["id"]) == [("member", eva["id"], welcome["id"], 50)]


# Birthdays: month and day only, validated; awarded by the daily job once a year.

@pytest.mark.parametrize("birthday", ["02-30", "13-01", "00-10", "2-3", "1990-02-03", "02-2\uff19",
                                      "", 214])
def test_a_birthday_is_a_real_month_and_day_without_a_year(client, merchant, birthday):
    created = client.post("/v1/promoters", json={"external_id": "cus_ana", "birthday": birthday},
                          headers=merchant.headers())
    assert created.status_code == 400, created.get_json()
    assert error_of(created)["param"] == "birthday"
    assert client.get("/v1/promoters", headers=merchant.headers()).get_json()["data"] == []


def test_a_birthday_is_kept_changed_and_forgotten(client, merchant):
    ana = enroll(client, merchant, external_id="cus_ana", birthday="02-29")
    assert ana["birthday"] == "02-29"
    url = f"/v1/promoters/{ana['id']}"
    changed = client.patch(url, json={"birthday": "12-31"}, headers=merchant.headers())
    assert changed.status_code == 200 and changed.get_json()["birthday"] == "12-31"
    refused = client.patch(url, json={"birthday": "04-31"}, headers=merchant.headers())
    assert refused.status_code == 400 and error_of(refused)["param"] == "birthday"
    forgotten = client.patch(url, json={"birthday": None}, headers=merchant.headers())
    assert forgotten.get_json()["birthday"] is None
    erased = client.delete(url, headers=merchant.headers())
    assert erased.status_code == 200 and erased.get_json()["birthday"] is None


def test_a_birthday_is_awarded_once_by_the_daily_job(app, client, clock, merchant):
    clock.set(datetime(2026, 1, 5, tzinfo=UTC))
    gift = rule(client, merchant, "member.birthday", value=200)
    ana = enroll(client, merchant, external_id="cus_ana", birthday="03-14")
    ben = enroll(client, merchant, external_id="cus_ben", birthday="03-15")
    clock.set(MARCH_14)
    run_daily_job(app)
    run_daily_job(app)
    ((cause, occasion, rule_id, amount),) = earnings(client, merchant, ana["id"])
    assert (cause, rule_id, amount) == ("occasion", gift["id"], 200)
    assert occasion.startswith("occ_")
    assert earnings(client, merchant, ben["id"]) == []
    clock.set(datetime(2027, 3, 14, 9, 0, tzinfo=UTC))  # a year later: the next birthday
    run_daily_job(app)
    run_daily_job(app)
    assert [amount for _, _, _, amount in earnings(client, merchant, ana["id"])] == [200, 200]


def test_a_birthday_falls_on_the_merchants_calendar_day(app, client, clock, merchant):
    """At 20:00 UTC on March 13 it is already March 14 in Auckland."""
    set_zone = client.patch("/v1/merchant", json={"timezone": "Pacific/Auckland"},
                            headers=merchant.headers())
    assert set_zone.status_code == 200 and set_zone.get_json()["timezone"] == "Pacific/Auckland"
    rule(client, merchant, "member.birthday")
    ana = enroll(client, merchant, external_id="cus_ana", birthday="03-14")
    clock.set(datetime(2026, 3, 13, 10, 0, tzinfo=UTC))  # 23:00 on March 13 in Auckland
    run_daily_job(app)
    assert pending(client, merchant, ana["id"]) == 0
    clock.set(datetime(2026, 3, 13, 20, 0, tzinfo=UTC))
    run_daily_job(app)
    assert pending(client, merchant, ana["id"]) == 50


def test_a_february_29_birthday_is_celebrated_on_the_28th_without_a_leap_day(
        app, client, clock, merchant):
    rule(client, merchant, "member.birthday")
    leap = enroll(client, merchant, external_id="cus_leap", birthday="02-29")
    clock.set(datetime(2027, 2, 28, 12, 0, tzinfo=UTC))
    run_daily_job(app)
    clock.set(datetime(2027, 3, 1, 12, 0, tzinfo=UTC))
    run_daily_job(app)
    assert pending(client, merchant, leap["id"]) == 50


@pytest.mark.parametrize("zone", ["Mars/Olympus", "europe/berlin", "Europe", "../etc/passwd",
                                  "", "UTC\u0000"])
def test_the_merchants_timezone_is_an_iana_name(client, merchant, zone):
    refused = client.patch("/v1/merchant", json={"timezone": zone}, headers=merchant.headers())
    assert refused.status_code == 400, refused.get_json()
    assert error_of(refused)["param"] == "timezone"
    body = client.get("/v1/merchant", headers=merchant.headers()).get_json()
    assert body["timezone"] == "UTC"


# Anniversaries: whole years since the member joined, a per-rule setting.

def test_an_anniversary_pays_the_rules_for_that_year(app, client, clock, make_merchant):
    clock.set(datetime(2025, 3, 14, 9, 0, tzinfo=UTC))
    merchant = make_merchant()
    ana = enroll(client, merchant, external_id="cus_ana")
    every_year = rule(client, merchant, "member.anniversary", value=10)
    second = rule(client, merchant, "member.anniversary", value=70, conditions={"years": 2})
    clock.set(datetime(2026, 3, 13, 9, 0, tzinfo=UTC))
    run_daily_job(app)
    assert earnings(client, merchant, ana["id"]) == []
    clock.set(datetime(2026, 3, 14, 9, 0, tzinfo=UTC))
    run_daily_job(app)
    run_daily_job(app)
    assert [(rule_id, amount) for _, _, rule_id, amount in earnings(
        client, merchant, ana["id"])] == [(every_year["id"], 10)]
    clock.set(datetime(2027, 3, 14, 9, 0, tzinfo=UTC))
    run_daily_job(app)
    assert sorted((rule_id, amount) for _, _, rule_id, amount in earnings(
        client, merchant, ana["id"])) == sorted(
            [(every_year["id"], 10), (every_year["id"], 10), (second["id"], 70)])


# order.milestone: the customer's Nth order.

def test_the_customers_third_order_is_a_milestone(client, merchant):
    third = rule(client, merchant, "order.milestone", value=300, conditions={"nth": 3})
    placed = [order(client, merchant, f"o-{n}", customer="cus_ben") for n in range(1, 5)]
    assert [response.status_code for response in placed] == [201] * 4
    order(client, merchant, "o-3", customer="cus_ben")  # a retry of the third: nothing more
    ben = member_by_customer(client, merchant, "cus_ben")
    assert earnings(client, merchant, ben["id"]) == [
        ("order", placed[2].get_json()["id"], third["id"], 300)]


def test_a_milestone_rule_needs_its_nth_order(client, merchant):
    refused = client.post("/v1/rules", headers=merchant.headers(), json={
        "trigger": "order.milestone", "name": "Third", "beneficiary": "customer",
        "reward": {"type": "fixed_points", "value": 5}})
    assert refused.status_code == 400 and error_of(refused)["param"] == "conditions[nth]"
    misplaced = client.post("/v1/rules", headers=merchant.headers(), json={
        "trigger": "order.paid", "name": "Third", "beneficiary": "customer",
        "conditions": {"nth": 3}, "reward": {"type": "fixed_points", "value": 5}})
    assert misplaced.status_code == 400 and error_of(misplaced)["param"] == "conditions[nth]"


# activity.recorded: the shop's own events, idempotent, with per-type limits.

def activity(client, merchant, external_id: str, type: str = "review.written", **who):
    who = who or {"customer_external_id": "cus_ana"}
    return client.post("/v1/activities", headers=merchant.headers(),
                       json={"type": type, "external_id": external_id, **who})


def test_an_activity_earns_once_per_external_id(client, merchant):
    review = rule(client, merchant, "activity.recorded", value=25,
                  conditions={"activity_type": "review.written"})
    rule(client, merchant, "activity.recorded", value=5,
         conditions={"activity_type": "social.followed"})
    first = activity(client, merchant, "rev-1")
    assert first.status_code == 201, first.get_json()
    again = activity(client, merchant, "rev-1")
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    ana = member_by_customer(client, merchant, "cus_ana")
    by_id = activity(client, merchant, "rev-2", member=ana["id"])
    assert by_id.status_code == 201
    assert earnings(client, merchant, ana["id"]) == sorted([
        ("activity", first.get_json()["id"], review["id"], 25),
        ("activity", by_id.get_json()["id"], review["id"], 25)])


def test_an_activity_for_a_new_customer_makes_them_a_member(client, merchant):
    welcome = rule(client, merchant, "member.joined", value=10)
    review = rule(client, merchant, "activity.recorded", value=25,
                  conditions={"activity_type": "review.written"})
    recorded = activity(client, merchant, "rev-1", customer_external_id="cus_new")
    assert recorded.status_code == 201
    new = member_by_customer(client, merchant, "cus_new")
    assert earnings(client, merchant, new["id"]) == [
        ("activity", recorded.get_json()["id"], review["id"], 25),
        ("member", new["id"], welcome["id"], 10)]


def test_per_type_limits_per_day_and_ever(client, clock, merchant):
    rule(client, merchant, "activity.recorded", value=25,
         conditions={"activity_type": "review.written"}, limits={"per_promoter_per_day": 2})
    rule(client, merchant, "activity.recorded", value=5,
         conditions={"activity_type": "social.followed"}, limits={"per_promoter_lifetime": 1})
    for n in range(3):
        assert activity(client, merchant, f"rev-{n}").status_code == 201
        assert activity(client, merchant, f"fol-{n}", type="social.followed").status_code == 201
    ana = member_by_customer(client, merchant, "cus_ana")
    assert pending(client, merchant, ana["id"]) == 2 * 25 + 5
    clock.advance(days=1, seconds=1)
    assert activity(client, merchant, "rev-3").status_code == 201
    assert activity(client, merchant, "fol-3", type="social.followed").status_code == 201
    assert pending(client, merchant, ana["id"]) == 3 * 25 + 5


@pytest.mark.parametrize("body, param", [
    ({"type": "review.written", "external_id": "r"}, "member"),
    ({"type": "review.written", "external_id": "r", "member": "pro_x",
      "customer_external_id": "cus_ana"}, "member"),
    ({"type": "photo.uploaded", "external_id": "r", "customer_external_id": "cus_ana"}, "type"),
    ({"type": "Review Written", "external_id": "r", "customer_external_id": "cus_ana"}, "type"),
    ({"type": "review.written", "customer_external_id": "cus_ana"}, "external_id"),
    ({"type": "review.written", "external_id": "r", "member": "pro_missing"}, "id"),
])
def test_bad_activities_are_refused_and_write_nothing(client, merchant, body, param):
    rule(client, merchant, "activity.recorded", conditions={"activity_type": "review.written"})
    refused = client.post("/v1/activities", json=body, headers=merchant.headers())
    assert refused.status_code in (400, 404), refused.get_json()
    assert error_of(refused)["param"] == param
    assert client.get("/v1/promoters", headers=merchant.headers()).get_json()["data"] == []


def test_an_activity_id_of_another_member_is_a_conflict(client, merchant):
    rule(client, merchant, "activity.recorded", conditions={"activity_type": "review.written"})
    assert activity(client, merchant, "rev-1").status_code == 201
    clash = activity(client, merchant, "rev-1", customer_external_id="cus_ben")
    assert clash.status_code == 409 and error_of(clash)["code"] == "activity_conflict"


# The guardrails apply to the new triggers as to every other.

def test_the_guardrail_caps_loyalty_awards(app, client, clock, merchant):
    review = rule(client, merchant, "activity.recorded", value=500,
                  conditions={"activity_type": "review.written"})
    rule(client, merchant, "member.birthday", value=500)
    lowered = client.patch("/v1/merchant", json={"max_award_points": 120},
                           headers=merchant.headers())
    assert lowered.status_code == 200
    ana = enroll(client, merchant, external_id="cus_ana", birthday="03-14")
    assert activity(client, merchant, "rev-1").status_code == 201
    clock.set(MARCH_14)
    run_daily_job(app)
    amounts = [amount for _, _, _, amount in earnings(client, merchant, ana["id"])]
    assert amounts == [120, 120]
    ledger = client.get(f"/v1/promoters/{ana['id']}/ledger_transactions",
                        headers=merchant.headers()).get_json()["data"]
    assert all("capped at the merchant's max_award_points" in txn["description"]
               for txn in ledger if txn["rule_id"] == review["id"])


@pytest.mark.parametrize("trigger, fields", [
    ("member.joined", {}),
    ("member.birthday", {}),
    ("member.anniversary", {"years": 1}),
    ("order.milestone", {"order_number": 3}),
    ("activity.recorded", {"activity_type": "review.written"}),
])
def test_the_dry_run_answers_for_the_loyalty_triggers(client, merchant, trigger, fields):
    conditions = {"order.milestone": {"nth": 3}, "member.anniversary": {"years": 1},
                  "activity.recorded": {"activity_type": "review.written"}}.get(trigger, {})
    rule(client, merchant, trigger, value=40, conditions=conditions)
    ana = enroll(client, merchant, external_id="cus_ana")
    answered = client.post("/v1/rules/dry_run", headers=merchant.headers(), json={
        "trigger": trigger, "customer": ana["id"], **fields})
    assert answered.status_code == 200, answered.get_json()
    (verdict,) = answered.get_json()["data"]
    assert (verdict["outcome"], verdict["amount"]) == ("award", 40)


def test_two_workers_at_once_award_each_birthday_once(app, client, clock, merchant,
                                                      on_postgres, monkeypatch):
    """Both workers pick the same member before either records the day: the occasion's unique
    row makes the second wait for the first and then skip, so each birthday pays once."""
    gift = rule(client, merchant, "member.birthday", value=200)
    members = [enroll(client, merchant, external_id=f"cus_{n}", birthday="03-14")
               for n in range(4)]
    clock.set(MARCH_14)
    both_chose, real = threading.Barrier(2), celebrations.celebrate
    chosen = []

    def choose_together(session, *, promoter, **options):
        if len(chosen) < 2:
            chosen.append(promoter.id)
            both_chose.wait(10)  # neither has written anything yet
        return real(session, promoter=promoter, **options)

    monkeypatch.setattr(celebrations, "celebrate", choose_together)
    run_together(app, lambda session: celebrations.celebrate_next(session, now=clock.now()))
    assert len(chosen) == 2 and chosen[0] == chosen[1]  # the race happened
    for member in members:
        assert earnings(client, merchant, member["id"])[0][2:] == (gift["id"], 200)
        assert len(earnings(client, merchant, member["id"])) == 1, member


def test_goodword_celebrate_runs_the_daily_job_by_hand(app, client, clock, merchant):
    rule(client, merchant, "member.birthday")
    ana = enroll(client, merchant, external_id="cus_ana", birthday="03-14")
    clock.set(MARCH_14)
    first = app.test_cli_runner().invoke(args=["celebrate"])
    again = app.test_cli_runner().invoke(args=["celebrate"])
    assert (first.exit_code, again.exit_code) == (0, 0)
    assert "1 birthdays and anniversaries celebrated" in first.output
    assert "0 birthdays" in again.output
    assert pending(client, merchant, ana["id"]) == 50
