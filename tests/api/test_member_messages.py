"""Members' emails, received by a real SMTP server on loopback: a reward earned, points about
to expire, a birthday and a tier reached are each mailed once, however often the worker's jobs
run, with a one-click unsubscribe link that stops the next one."""

import pytest

from api.cli.worker import Worker
from core.db import db
from referrals.messages.models import SentMessage
from tests.support.catalog import mature
from tests.support.orders import order
from tests.support.referrals import enroll
from tests.support.rewards import create_rule
from tests.support.smtp import body_of, unsubscribe_path

ANA = "ana@example.com"


def run_jobs(app) -> None:
    """The worker's scheduled jobs, as `goodword worker` runs them."""
    Worker(app).run_jobs()


def points_rule(client, merchant, trigger="member.joined", value=50, **fields) -> dict:
    return create_rule(client, merchant, trigger=trigger, name=f"{trigger} points",
                       beneficiary="customer", reward={"type": "fixed_points", "value": value},
                       **fields)


def statuses(app) -> list[tuple[str, str]]:
    with app.app_context():
        return sorted((m.kind, m.status) for m in db.session.query(SentMessage))


def test_a_reward_earned_is_mailed_once_with_a_working_unsubscribe_link(
        app, client, merchant, smtp_inbox):
    points_rule(client, merchant)
    points_rule(client, merchant, trigger="order.paid", value=20)
    enroll(client, merchant, external_id="cus_ana", email=ANA, name="Ana")

    run_jobs(app)
    run_jobs(app)

    (mail,) = smtp_inbox.to(ANA)
    assert mail["Subject"] == "You earned 50 points at Acme Outfitters"
    assert mail["From"] == "Acme Outfitters <rewards@acme.example>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Hello Ana," in body_of(mail) and "(joining)" in body_of(mail)
    path = unsubscribe_path(mail)
    page = client.get(path)
    assert page.status_code == 200 and "Unsubscribe" in page.get_data(as_text=True)

    # A mail client's RFC 8058 one-click POST, no page in between.
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You are unsubscribed" in done.get_data(as_text=True)
    assert order(client, merchant, "o-1", customer="cus_ana").status_code == 201
    run_jobs(app)

    assert len(smtp_inbox.to(ANA)) == 1
    assert client.get(path).get_data(as_text=True).count("You are unsubscribed") == 1
    assert client.get("/unsubscribe/not-a-token").status_code == 404


def test_points_about_to_expire_are_mailed_once(app, client, merchant, clock, smtp_inbox):
    client.patch("/v1/merchant", json={"points_expiry_days": 10}, headers=merchant.headers())
    points_rule(client, merchant, hold_days=0)
    enroll(client, merchant, external_id="cus_ana", email=ANA)
    mature(client)
    run_jobs(app)
    assert smtp_inbox.subjects(ANA) == ["You earned 50 points at Acme Outfitters"]

    clock.advance(days=4)
    run_jobs(app)
    run_jobs(app)

    expiring = smtp_inbox.subjects(ANA)[1:]
    assert len(expiring) == 1 and expiring[0].startswith(
        "Your 50 points at Acme Outfitters expire on ")


def test_a_birthday_greeting_is_mailed_once_with_the_gift(app, client, merchant, clock,
                                                          smtp_inbox):
    points_rule(client, merchant, trigger="member.birthday", value=100)
    today = clock.now()
    enroll(client, merchant, external_id="cus_ana", email=ANA,
           birthday=f"{today.month:02d}-{today.day:02d}")

    run_jobs(app)
    run_jobs(app)

    birthday = [m for m in smtp_inbox.to(ANA) if m["Subject"].startswith("Happy birthday")]
    assert len(birthday) == 1
    assert "We added 100 points to your rewards as a gift." in body_of(birthday[0])


def test_a_tier_reached_is_mailed_once(app, client, merchant, smtp_inbox):
    client.post("/v1/tiers", json={"name": "Gold", "metric": "points_earned", "threshold": 10,
                                   "window_days": 365, "perks": "free shipping"},
                headers=merchant.headers())
    points_rule(client, merchant)
    enroll(client, merchant, external_id="cus_ana", email=ANA)

    run_jobs(app)
    run_jobs(app)

    tier = [m for m in smtp_inbox.to(ANA) if m["Subject"].startswith("Welcome to Gold")]
    assert len(tier) == 1 and "Your perks: free shipping" in body_of(tier[0])


def test_a_kind_switched_off_is_not_sent_and_a_merchant_template_is(
        app, client, merchant, smtp_inbox):
    from referrals.messages import service as messages_service

    with app.app_context():
        now = app.extensions["goodword_clock"].now()
        messages_service.save_setting(
            db.session, merchant_id=merchant.id, kind="reward_earned", enabled=True, now=now,
            template="Subject: +{{ points }} for {{ member_name }}\n\nThanks from the team.")
        messages_service.save_setting(db.session, merchant_id=merchant.id, kind="tier_reached",
                                      enabled=False, template=None, now=now)
        db.session.commit()
    client.post("/v1/tiers", json={"name": "Gold", "metric": "points_earned", "threshold": 10,
                                   "window_days": 365}, headers=merchant.headers())
    points_rule(client, merchant)
    enroll(client, merchant, external_id="cus_ana", email=ANA, name="Ana")

    run_jobs(app)

    (mail,) = smtp_inbox.to(ANA)
    assert mail["Subject"] == "+50 for Ana"
    assert body_of(mail).startswith("Thanks from the team.")


def test_a_member_without_an_address_gets_nothing_and_a_refusing_server_is_recorded(
        app, client, merchant, monkeypatch, smtp_inbox):
    from tests.support.smtp import free_port

    points_rule(client, merchant)
    client.post("/v1/promoters", json={"external_id": "cus_nomail"}, headers=merchant.headers())
    monkeypatch.setitem(app.config, "SMTP_PORT", free_port())  # nobody listens there
    enroll(client, merchant, external_id="cus_ana", email=ANA)

    run_jobs(app)
    run_jobs(app)

    assert smtp_inbox.messages == []
    assert statuses(app) == [("reward_earned", "failed")]


@pytest.mark.usefixtures("on_postgres")
def test_two_workers_at_once_send_each_message_once(app, client, merchant, smtp_inbox):
    """Pending messages are claimed FOR UPDATE SKIP LOCKED: without it two workers read the same
    pending rows and both send them."""
    from core.unit_of_work import UnitOfWork
    from referrals.messages import scheduled
    from referrals.messages.smtp import mailer_from_settings
    from tests.support.jobs import run_together

    points_rule(client, merchant)
    for n in range(12):
        enroll(client, merchant, external_id=f"cus_{n}", email=f"m{n}@example.com")
    now = app.extensions["goodword_clock"].now()
    with app.app_context():  # due and queued already: the workers race to claim them
        assert scheduled.queue_due(db.session, now=now, limit=100) == 12
        db.session.commit()

    run_together(app, lambda session: scheduled.send_due_messages(
        UnitOfWork(session), now=now, mailer=mailer_from_settings(app.config), limit=3), workers=3)

    received = sorted(str(m["To"]) for m in smtp_inbox.messages)
    assert received == sorted(f"m{n}@example.com" for n in range(12))
    assert statuses(app) == [("reward_earned", "sent")] * 12


def test_a_template_that_breaks_on_a_members_values_fails_visibly_and_stops_nothing(
        app, client, merchant, smtp_inbox):
    from referrals.messages import service as messages_service

    with app.app_context():
        messages_service.save_setting(
            db.session, merchant_id=merchant.id, kind="reward_earned", enabled=True,
            now=app.extensions["goodword_clock"].now(),
            # Renders with the preview's values, not for a reward (no tier there).
            template="Subject: {{ tier_name|length }} points\n\nHi")
        db.session.commit()
    client.post("/v1/tiers", json={"name": "Gold", "metric": "points_earned", "threshold": 10,
                                   "window_days": 365}, headers=merchant.headers())
    points_rule(client, merchant)
    enroll(client, merchant, external_id="cus_ana", email=ANA)

    run_jobs(app)

    assert smtp_inbox.subjects(ANA) == ["Welcome to Gold at Acme Outfitters"]
    assert statuses(app) == [("reward_earned", "failed"), ("tier_reached", "sent")]
