"""GET /v1/stats/journey: the merchant's funnel over a date range."""

from datetime import timedelta
from urllib.parse import quote

from tests.support.errors import error_of
from tests.support.referrals import click, enroll, sign_up
from tests.support.widget import share_as


def journey(client, merchant, **bounds):
    query = "&".join(f"{name}={quote(value.isoformat())}" for name, value in bounds.items())
    return client.get(f"/v1/stats/journey?{query}", headers=merchant.headers())


def test_the_journey_counts_each_stage_in_the_range(client, clock, merchant):
    promoter = enroll(client, merchant)
    old_click = click(client, f"/r/{promoter['code']}")
    clock.advance(days=40)
    start = clock.now()
    clicks = [click(client.application.test_client(), f"/r/{promoter['code']}") for _ in range(4)]
    client.get("/r/NOSUCHCODE")
    share_as(client, merchant, promoter, "whatsapp")
    sign_up(client, merchant, click_id=clicks[0], referee_external_id="f1")
    sign_up(client, merchant, click_id=clicks[1], referee_external_id="f2",
            referee_email="x@yopmail.com")
    body = journey(client, merchant, start=start, end=clock.now() + timedelta(seconds=1))
    assert body.status_code == 200
    counts = body.get_json()
    assert counts["object"] == "journey"
    assert (counts["clicks"], counts["unique_visitors"]) == (4, 4)
    assert counts["shares_by_channel"]["whatsapp"] == counts["shares"] == 1
    assert counts["referrals_by_status"] == {"approved": 1, "pending_review": 1, "rejected": 0}
    assert (counts["signups"], counts["advocates"], counts["signup_rate"]) == (2, 1, 0.5)
    everything = journey(client, merchant, start=start - timedelta(days=41),
                         end=clock.now() + timedelta(seconds=1)).get_json()
    assert everything["clicks"] == 5  # the 40-day-old click counts only in the wider range
    assert old_click


def test_the_default_range_is_the_last_30_days(client, merchant):
    body = client.get("/v1/stats/journey", headers=merchant.headers()).get_json()
    assert body["clicks"] == 0 and body["signup_rate"] is None
    assert body["start"] < body["end"]


def test_each_merchant_counts_only_its_own_clicks(client, clock, make_merchant):
    acme, globex = make_merchant("Acme"), make_merchant("Globex")
    promoter = enroll(client, acme)
    click(client, f"/r/{promoter['code']}")
    client.get("/r/NOSUCHCODE")  # names no merchant: counted by none
    tampered = promoter["referral_url"].rsplit("/r/", 1)[1] + "x"
    client.get(f"/r/{tampered}")  # names Acme (unverified): an invalid click of Acme's
    clock.advance(seconds=1)  # the default range ends now, exclusive
    acme_counts = client.get("/v1/stats/journey", headers=acme.headers()).get_json()
    assert (acme_counts["clicks"], acme_counts["invalid_clicks"]) == (1, 1)
    globex_counts = client.get("/v1/stats/journey", headers=globex.headers()).get_json()
    assert (globex_counts["clicks"], globex_counts["invalid_clicks"]) == (0, 0)


def test_a_backwards_or_huge_range_is_refused(client, clock, merchant):
    now = clock.now()
    backwards = journey(client, merchant, start=now, end=now - timedelta(days=1))
    assert backwards.status_code == 400 and error_of(backwards)["param"] == "start"
    huge = journey(client, merchant, start=now - timedelta(days=400), end=now)
    assert huge.status_code == 400
    naive = client.get("/v1/stats/journey?start=2026-01-01T00:00:00", headers=merchant.headers())
    assert naive.status_code == 400 and error_of(naive)["param"] == "start"
    for query in ("end=0001-01-01T00:00:00Z", "start=2000-01-01T00:00:00Z",
                  "start=2100-01-01T00:00:00Z"):
        response = client.get(f"/v1/stats/journey?{query}", headers=merchant.headers())
        assert response.status_code == 400, query
