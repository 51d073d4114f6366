"""The worker's scheduled jobs that write events or clean up: click.invalid reported per hour,
review reminders, expired idempotency records purged; each once however many workers run."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from api.cli.worker import Worker
from api.request.idempotency import IdempotencyRecord
from core.db import db
from core.ids import new_id
from referrals.clicks import scheduled as invalid_clicks
from referrals.clicks.models import Click
from referrals.signups import scheduled as review_reminders
from tests.support.jobs import run_together
from tests.support.referrals import enroll, sign_up

TEN_THIRTY = datetime(2026, 3, 10, 10, 30, tzinfo=UTC)


def events(client, merchant, type: str) -> list[dict]:
    body = client.get(f"/v1/events?type={type}&limit=100", headers=merchant.headers()).get_json()
    return sorted(body["data"], key=lambda event: event["id"])


def add_click(app, merchant_id: str, at: datetime, reason: str | None = None) -> None:
    """Clicks written straight to the table, as the click path (whatever its design) leaves
    them: this job reads the table, it never sees the request."""
    with app.app_context():
        db.session.add(Click(id=new_id("clk"), merchant_id=merchant_id, visitor_id="v1",
                             valid=reason is None, invalid_reason=reason, created_at=at))
        db.session.commit()


def at(hour: int, minute: int) -> datetime:
    return TEN_THIRTY.replace(hour=hour, minute=minute)


def test_invalid_clicks_are_reported_once_per_merchant_and_finished_hour(
        app, client, clock, make_merchant):
    acme, quiet = make_merchant(), make_merchant()
    clock.set(TEN_THIRTY)
    for when, reason in [(at(8, 10), "tampered"), (at(8, 50), "tampered"),
                         (at(8, 59), "expired"), (at(8, 20), None),
                         (at(9, 15), "promoter_blocked"), (at(10, 5), "tampered")]:
        add_click(app, acme.id, when, reason)
    add_click(app, quiet.id, at(8, 30))  # valid clicks only: nothing to report
    add_click(app, None, at(8, 30), "unknown_code")  # no merchant to tell
    Worker(app).run_jobs()
    reported = [event["data"] for event in events(client, acme, "click.invalid")]
    assert reported == [
        {"period_start": "2026-03-10T08:00:00+00:00", "period_end": "2026-03-10T09:00:00+00:00",
         "count": 3, "reasons": {"expired": 1, "tampered": 2}},
        {"period_start": "2026-03-10T09:00:00+00:00", "period_end": "2026-03-10T10:00:00+00:00",
         "count": 1, "reasons": {"promoter_blocked": 1}},
    ]
    assert events(client, quiet, "click.invalid") == []
    Worker(app).run_jobs()
    assert len(events(client, acme, "click.invalid")) == 2  # nothing twice
    clock.set(at(11, 4))  # 10:00-11:00 is reported 5 minutes after it ends
    Worker(app).run_jobs()
    assert len(events(client, acme, "click.invalid")) == 2
    clock.set(at(11, 6))
    Worker(app).run_jobs()
    latest = events(client, acme, "click.invalid")[-1]["data"]
    assert (latest["period_start"], latest["reasons"]) == ("2026-03-10T10:00:00+00:00",
                                                           {"tampered": 1})


def test_two_workers_report_each_hour_once(app, client, clock, make_merchant, on_postgres):
    """Both workers walk the same 72 hours at the same moment; the period's primary key makes
    one of them wait and skip, so every merchant gets one event per hour with invalid clicks."""
    merchants = [make_merchant() for _ in range(3)]
    clock.set(TEN_THIRTY)
    for n in range(1, 40):
        for merchant in merchants:
            add_click(app, merchant.id, TEN_THIRTY - timedelta(hours=n), "tampered")
    run_together(app, lambda session: invalid_clicks.report_next_period(session,
                                                                         now=clock.now()))
    for merchant in merchants:
        reported = events(client, merchant, "click.invalid")
        periods = [event["data"]["period_start"] for event in reported]
        assert len(periods) == len(set(periods)) == 39
        assert {event["data"]["count"] for event in reported} == {1}


def pending_referral(client, merchant, promoter, n: int = 0) -> dict:
    referral = sign_up(client, merchant, code=promoter["code"], referee_external_id=f"cus_{n}",
                       referee_email=f"friend{n}@mailinator.com").get_json()
    assert referral["status"] == "pending_review"
    return referral


def test_a_referral_waiting_for_review_is_brought_up_daily(app, client, clock, merchant):
    promoter = enroll(client, merchant)
    waiting = pending_referral(client, merchant, promoter)
    sign_up(client, merchant, code=promoter["code"], referee_external_id="cus_ok",
            referee_email="ben@example.com")  # approved at once: never reminded
    clock.advance(hours=23)
    Worker(app).run_jobs()
    assert events(client, merchant, "referral.review_reminder") == []
    clock.advance(hours=1, minutes=1)
    Worker(app).run_jobs()
    Worker(app).run_jobs()
    (reminder,) = events(client, merchant, "referral.review_reminder")
    assert reminder["data"]["referral"] == waiting["id"]
    assert reminder["data"]["reasons"] == ["disposable_email"]
    clock.advance(hours=24)
    Worker(app).run_jobs()
    assert len(events(client, merchant, "referral.review_reminder")) == 2
    approved = client.post(f"/v1/referrals/{waiting['id']}/approve", json={},
                           headers=merchant.headers())
    assert approved.status_code == 200, approved.get_json()
    clock.advance(hours=48)
    Worker(app).run_jobs()
    assert len(events(client, merchant, "referral.review_reminder")) == 2


def test_two_workers_remind_each_referral_once(app, client, clock, merchant, on_postgres):
    # Only the throwaway address holds them: 30 code-only friend0..29@ would be rejected.
    client.patch("/v1/fraud_settings", json={"review_score": 1000, "reject_score": 1000},
                 headers=merchant.headers())
    promoter = enroll(client, merchant)
    waiting = {pending_referral(client, merchant, promoter, n)["id"] for n in range(30)}
    clock.advance(hours=25)
    run_together(app, lambda session: review_reminders.remind_due(session, now=clock.now(),
                                                                  limit=5))
    reminded = [event["data"]["referral"]
                for event in events(client, merchant, "referral.review_reminder")]
    assert sorted(reminded) == sorted(waiting)


def test_expired_idempotency_records_are_purged(app, client, clock, merchant):
    def create(key: str) -> None:
        response = client.post("/v1/promoters", json={"external_id": key},
                               headers=merchant.headers(**{"Idempotency-Key": key}))
        assert response.status_code == 201

    def keys() -> list[str]:
        with app.app_context():
            return sorted(db.session.scalars(select(IdempotencyRecord.key)))

    create("old")
    clock.advance(hours=20)
    create("recent")
    clock.advance(hours=4, seconds=1)
    Worker(app).run_jobs()
    assert keys() == ["recent"]


def test_a_failing_job_is_rolled_back_and_the_jobs_after_it_still_run(
        app, client, clock, make_merchant, monkeypatch, caplog):
    acme = make_merchant()
    clock.set(TEN_THIRTY)
    add_click(app, acme.id, at(8, 10), "tampered")

    def broken(session, *, now):
        # Writes, then fails: what it wrote must not stay.
        session.add(Click(id=new_id("clk"), merchant_id=acme.id, visitor_id="half-done",
                          valid=True, created_at=now))
        session.flush()
        raise RuntimeError("maturation broke")

    monkeypatch.setattr("rewards.earning.jobs.maturation.mature_due", broken)
    Worker(app).run_jobs()
    assert "scheduled job rewards.mature failed" in caplog.text
    # The hourly report, scheduled after maturation, still went out.
    assert [event["data"]["count"] for event in events(client, acme, "click.invalid")] == [1]
    with app.app_context():
        assert db.session.scalars(select(Click).where(Click.visitor_id == "half-done")).all() == []
