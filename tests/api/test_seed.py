"""`goodword seed`: a busy merchant in bulk, whose journey shows exactly what the command made."""

import itertools
import re

import pytest
from sqlalchemy import func, select

from core.db import db
from core.merchants.models import Merchant
from tests.support.dashboard import log_in

PASSWORD = "seeded owner password"


def seed(app, *args):
    outcome = app.test_cli_runner().invoke(args=["seed", *args, "--owner-password", PASSWORD])
    assert outcome.exit_code == 0, outcome.output
    return outcome.output


def secret_key(output: str) -> str:
    return re.search(r"(sk_test_\w+)", output).group(1)


def test_the_journey_counts_what_the_seed_made(app, client):
    output = seed(app, "--clicks", "300", "--referrals", "40", "--orders", "50",
                  "--promoters", "5", "--shares", "20")
    assert "300 clicks (22 on bad links)" in output
    assert "40 referrals (34 approved, 4 pending review, 2 rejected)" in output

    journey = client.get("/v1/stats/journey",
                         headers={"Authorization": f"Bearer {secret_key(output)}"}).get_json()
    # Every 14th click is a bad link; 1 in 20 signups is rejected and 2 in 20 wait for review;
    # each approved friend orders once, and the orders left over are their repeat orders.
    assert (journey["clicks"], journey["invalid_clicks"]) == (278, 22)
    assert 0 < journey["unique_visitors"] <= 278
    assert journey["shares"] == 20
    assert journey["referrals_by_status"] == {"approved": 34, "pending_review": 4, "rejected": 2}
    assert (journey["first_orders"], journey["repeat_orders"]) == (34, 16)
    assert 1 <= journey["advocates"] <= 5


def test_the_seeded_owner_signs_in_and_sees_the_funnel(app):
    seed(app, "--clicks", "140", "--referrals", "10", "--orders", "0",
         "--owner-email", "eva@seeded.example")
    browser = app.test_client()
    assert log_in(browser, "eva@seeded.example", PASSWORD).status_code == 302
    page = browser.get("/dashboard").get_data(as_text=True)
    assert "130 valid clicks" in page, "the range's totals count the 130 good clicks"
    assert "Invalid clicks (bad or expired links): 10." in page


def test_seeding_again_makes_a_second_merchant_beside_the_first(app, client):
    first = seed(app, "--clicks", "28", "--referrals", "5", "--orders", "1")
    second = seed(app, "--clicks", "56", "--referrals", "5", "--orders", "2")
    assert secret_key(first) != secret_key(second)
    counts = [
        client.get("/v1/stats/journey", headers={"Authorization": f"Bearer {secret_key(out)}"})
        .get_json()["clicks"] for out in (first, second)
    ]
    assert counts == [26, 52]


def test_more_referrals_than_good_clicks_is_refused_and_writes_nothing(app):
    outcome = app.test_cli_runner().invoke(args=["seed", "--clicks", "14", "--referrals", "14"])
    assert outcome.exit_code == 2 and "cannot exceed the valid clicks" in outcome.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Merchant)) == 0


def _percentages(page: str) -> list[float]:
    return [float(number) for number in re.findall(r"(\d+(?:\.\d+)?)\s*%", page)]


def test_a_busy_seeded_journey_shows_no_rate_over_100_and_a_k_factor_by_its_definition(app):
    """The issue's walk-through: `goodword seed --clicks 20000 --orders 1000` once showed
    "Subscribe: 2000, 200.0%" and a K-factor of 94.99 counting link clicks as invites."""
    output = seed(app, "--clicks", "20000", "--orders", "1000",
                  "--owner-email", "kim@seeded.example")
    journey = app.test_client().get(
        "/v1/stats/journey", headers={"Authorization": f"Bearer {secret_key(output)}"}).get_json()
    stages = journey["friend_funnel"] + journey["promoter_funnel"]
    assert [stage["stage"] for stage in stages] == [
        "awareness", "subscribe", "convert", "retention", "members", "engagement", "advocacy"]
    for funnel in (journey["friend_funnel"], journey["promoter_funnel"]):
        for before, stage in itertools.pairwise(funnel):
            assert stage["count"] <= before["count"], stage  # a part of the stage before
            assert 0 <= stage["rate"] <= 1, stage
    assert 0 < journey["signup_rate"] <= 1
    viral = journey["virality"]
    signups = journey["signups"] - journey["referrals_by_status"]["rejected"]
    assert viral["invitations"] == journey["shares"] == 5000  # shares are the invitations
    assert viral["members"] == 10_000
    assert viral["k_factor"] == round(signups / viral["members"], 3) == 0.19
    assert viral["k_factor"] == pytest.approx(
        viral["invitations_per_member"] * viral["invitation_conversion"], abs=0.001)
    assert viral["reach_per_invitation"] == round(journey["clicks"] / 5000, 2)
    # The seeded shop has no rules: referred customers spent money, and no reward was given.
    roi = journey["return_on_rewards"]
    assert roi["currency"] == "USD" and roi["referred_revenue"] > 0 and roi["rewards_cost"] == 0

    browser = app.test_client()
    assert log_in(browser, "kim@seeded.example", PASSWORD).status_code == 302
    page = browser.get("/dashboard").get_data(as_text=True)
    assert _percentages(page) and max(_percentages(page)) <= 100
    assert '<dd id="k-factor">0.19</dd>' in page
    assert "invitations (shares) per member" in page and "What is the K-factor?" in page
    assert re.search(r"Referred customers spent <strong>\$[\d,]+\.\d\d</strong>", page)
