"""Signup fraud checks under concurrency: N signups sent at the same moment end exactly as the
same N sent one after another (approved, held, rejected, and what the referrers earned).

Each scenario runs twice, on two merchants: one after another on the first, all at once on the
second. The checks read earlier referrals before inserting; without the locks the fraud checks
take (`referrals/signups/fraud.py`), requests at once each read "none yet" and most were approved.
PostgreSQL only: SQLite runs one writer at a time."""

from collections import Counter

from tests.support.orders import balance
from tests.support.referrals import click, enroll
from tests.support.rewards import create_rule
from tests.support.signups import all_at_once, one_after_another

REFERRAL_BONUS = 500


def program(client, merchant, **fraud_settings) -> None:
    """500 points to the referrer for each approved referral, under these fraud settings."""
    create_rule(client, merchant, reward={"type": "fixed_points", "value": REFERRAL_BONUS})
    if fraud_settings:
        response = client.patch("/v1/fraud_settings", json=fraud_settings,
                                headers=merchant.headers())
        assert response.status_code == 200, response.get_json()


def earned(client, merchant, promoters: list[dict]) -> int:
    return sum(balance(client, merchant, promoter["id"])["pending"] for promoter in promoters)


def test_one_mailbox_under_many_spellings_is_approved_once_at_once(app, client, make_merchant,
                                                                   on_postgres):
    """20 dot and +tag spellings of one Gmail mailbox, each as another customer, one referrer.
    Velocity is off, so only the mailbox's lock orders them."""
    spellings = [f"{'.'.join('bobsmith'[:n % 7 + 1])}{'bobsmith'[n % 7 + 1:]}+{n}@gmail.com"
                 for n in range(20)]
    results = {}
    for way, merchant in (("sequential", make_merchant("One by one")),
                          ("at_once", make_merchant("All at once"))):
        program(client, merchant, velocity="off")
        ana = enroll(client, merchant)
        bodies = [{"referee_external_id": f"cus_{n}", "referee_email": email,
                   "code": ana["code"]} for n, email in enumerate(spellings)]
        counts = (one_after_another(client, merchant, bodies) if way == "sequential"
                  else all_at_once(app, merchant, bodies))
        results[way] = (counts, earned(client, merchant, [ana]))
    assert results["sequential"] == (Counter(approved=1, rejected=19), REFERRAL_BONUS)
    assert results["at_once"] == results["sequential"]


def test_one_click_sent_twenty_times_is_approved_once_at_once(app, client, make_merchant,
                                                              on_postgres):
    """One click id with 20 customers: the first is approved, the others wait for review."""
    results = {}
    for way, merchant in (("sequential", make_merchant("One by one")),
                          ("at_once", make_merchant("All at once"))):
        program(client, merchant, velocity="off", review_score=1000, reject_score=1000)
        ana = enroll(client, merchant)
        click_id = click(client, f"/r/{ana['code']}")
        bodies = [{"referee_external_id": f"cus_{n}", "click_id": click_id} for n in range(20)]
        counts = (one_after_another(client, merchant, bodies) if way == "sequential"
                  else all_at_once(app, merchant, bodies))
        results[way] = (counts, earned(client, merchant, [ana]))
    assert results["sequential"] == (Counter(approved=1, pending_review=19), REFERRAL_BONUS)
    assert results["at_once"] == results["sequential"]


def test_the_promoters_daily_limit_holds_at_once(app, client, make_merchant, on_postgres):
    """20 friends of one promoter whose limit is 5 a day: 5 approved, 15 held."""
    results = {}
    for way, merchant in (("sequential", make_merchant("One by one")),
                          ("at_once", make_merchant("All at once"))):
        # The risk score off (thresholds out of reach): 20 code-only signups are a burst.
        program(client, merchant, max_signups_per_promoter_per_day=5, review_score=1000,
                reject_score=1000)
        ana = enroll(client, merchant)
        bodies = [{"referee_external_id": f"cus_{n}", "code": ana["code"]} for n in range(20)]
        counts = (one_after_another(client, merchant, bodies) if way == "sequential"
                  else all_at_once(app, merchant, bodies))
        results[way] = (counts, earned(client, merchant, [ana]))
    assert results["sequential"] == (Counter(approved=5, pending_review=15), 5 * REFERRAL_BONUS)
    assert results["at_once"] == results["sequential"]


def test_the_networks_daily_limit_holds_at_once(app, client, make_merchant, on_postgres):
    """20 friends from one network, each through another promoter (so no promoter's lock
    orders them), under a limit of 5 a day per network: 5 approved, 15 held."""
    results = {}
    for way, merchant in (("sequential", make_merchant("One by one")),
                          ("at_once", make_merchant("All at once"))):
        program(client, merchant, max_signups_per_ip_per_day=5)
        promoters = [enroll(client, merchant, external_id=f"cus_p{n}", email=f"p{n}@example.com")
                     for n in range(20)]
        bodies = [{"referee_external_id": f"cus_{n}", "code": promoter["code"],
                   "ip": "203.0.113.9"} for n, promoter in enumerate(promoters)]
        counts = (one_after_another(client, merchant, bodies) if way == "sequential"
                  else all_at_once(app, merchant, bodies))
        results[way] = (counts, earned(client, merchant, promoters))
    assert results["sequential"] == (Counter(approved=5, pending_review=15), 5 * REFERRAL_BONUS)
    assert results["at_once"] == results["sequential"]
