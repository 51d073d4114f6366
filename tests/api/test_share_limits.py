"""A share is a button press nobody can verify, so a share rule pays a promoter at most once per
channel per day (a window the merchant can lengthen); every share is still recorded."""

import threading

from sqlalchemy import text

from core.db import db
from tests.support.errors import error_of
from tests.support.orders import balance
from tests.support.referrals import enroll
from tests.support.widget import SHARES, mint_session, shares_of, widget_headers
from tests.threads import join_all

SHARE_BONUS = {"name": "Share bonus", "trigger": "share.created", "beneficiary": "referrer",
               "reward": {"type": "fixed_points", "value": 10}}


def share_rule(client, merchant, **fields) -> dict:
    response = client.post("/v1/rules", json={**SHARE_BONUS, **fields},
                           headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def share(client, merchant, token: str, channel: str) -> int:
    return client.post(SHARES, json={"channel": channel},
                       headers=widget_headers(merchant.publishable, token)).status_code


def test_sixty_shares_from_one_widget_token_pay_once_per_channel_per_day(app, client, clock,
                                                                         merchant):
    rule = share_rule(client, merchant)
    assert rule["limits"]["per_channel_days"] == 1
    ana = enroll(client, merchant, external_id="cus_ana")
    token = mint_session(client, merchant, external_id="cus_ana")

    assert [share(client, merchant, token, "whatsapp") for _ in range(60)] == [201] * 60
    assert shares_of(app, merchant.id, promoter_id=ana["id"]) == 60  # all recorded
    assert balance(client, merchant, ana["id"])["pending"] == 10

    assert share(client, merchant, token, "email") == 201  # another channel pays once too
    assert share(client, merchant, token, "email") == 201
    assert balance(client, merchant, ana["id"])["pending"] == 20

    clock.advance(hours=23)
    assert share(client, merchant, token, "whatsapp") == 201
    assert balance(client, merchant, ana["id"])["pending"] == 20
    clock.advance(days=1)  # a day after the first whatsapp share's reward
    token = mint_session(client, merchant, external_id="cus_ana")
    assert [share(client, merchant, token, "whatsapp") for _ in range(3)] == [201] * 3
    assert balance(client, merchant, ana["id"])["pending"] == 30

    verdict = client.post("/v1/rules/dry_run", json={"trigger": "share.created",
                                                     "referrer": ana["id"]},
                          headers=merchant.headers()).get_json()["data"][0]
    assert verdict["outcome"] == "award"  # a dry run names no channel


def test_the_merchant_can_make_the_window_longer_but_not_remove_it(app, client, clock,
                                                                   merchant):
    rule = share_rule(client, merchant, limits={"per_channel_days": 7})
    ana = enroll(client, merchant, external_id="cus_ana")
    share(client, merchant, mint_session(client, merchant, external_id="cus_ana"), "x")
    clock.advance(days=6)
    share(client, merchant, mint_session(client, merchant, external_id="cus_ana"), "x")
    assert balance(client, merchant, ana["id"])["pending"] == 10
    clock.advance(days=1, seconds=1)
    share(client, merchant, mint_session(client, merchant, external_id="cus_ana"), "x")
    assert balance(client, merchant, ana["id"])["pending"] == 20

    cleared = client.patch(f"/v1/rules/{rule['id']}", json={"limits": {"per_channel_days": None}},
                           headers=merchant.headers()).get_json()
    assert cleared["limits"]["per_channel_days"] == 1  # null is the default, not "no limit"
    for days in (0, 366):
        refused = client.patch(f"/v1/rules/{rule['id']}",
                               json={"limits": {"per_channel_days": days}},
                               headers=merchant.headers())
        assert (refused.status_code, error_of(refused)["param"]) == (
            400, "limits[per_channel_days]")
    refused = client.post("/v1/rules", json={
        "name": "Orders", "trigger": "order.paid", "beneficiary": "referrer",
        "reward": {"type": "fixed_points", "value": 10}, "limits": {"per_channel_days": 2}},
        headers=merchant.headers())
    assert (refused.status_code, error_of(refused)["param"]) == (
        400, "limits[per_channel_days]")


def test_shares_sent_at_once_still_pay_once_per_channel(app, client, merchant, on_postgres):
    share_rule(client, merchant)
    ana = enroll(client, merchant, external_id="cus_ana")
    token = mint_session(client, merchant, external_id="cus_ana")
    channels = ["whatsapp", "email"] * 12
    barrier = threading.Barrier(len(channels))
    statuses = []

    def send(channel):
        local = app.test_client()
        barrier.wait(timeout=30)
        statuses.append(share(local, merchant, token, channel))

    threads = [threading.Thread(target=send, args=(channel,)) for channel in channels]
    for thread in threads:
        thread.start()
    join_all(threads, timeout=60)
    assert statuses == [201] * len(channels)
    assert shares_of(app, merchant.id, promoter_id=ana["id"]) == len(channels)
    assert balance(client, merchant, ana["id"])["pending"] == 20  # once per channel


def test_a_share_rule_from_before_the_limit_pays_once_per_channel_per_day(app, client,
                                                                          merchant):
    rule = share_rule(client, merchant)
    with app.app_context():  # as the migration leaves a share rule made before it: no window
        postgres = db.engine.dialect.name == "postgresql"
        if postgres:  # rule versions are append-only; only a migration may add a column
            db.session.execute(text("ALTER TABLE rule_versions DISABLE TRIGGER "
                                    "rule_versions_append_only"))
        db.session.execute(text("UPDATE rule_versions SET per_channel_days = NULL "
                                "WHERE rule_id = :rule"), {"rule": rule["id"]})
        if postgres:
            db.session.execute(text("ALTER TABLE rule_versions ENABLE TRIGGER "
                                    "rule_versions_append_only"))
        db.session.commit()
    assert client.get(f"/v1/rules/{rule['id']}", headers=merchant.headers()
                      ).get_json()["limits"]["per_channel_days"] is None
    ana = enroll(client, merchant, external_id="cus_ana")
    token = mint_session(client, merchant, external_id="cus_ana")
    assert [share(client, merchant, token, "sms") for _ in range(5)] == [201] * 5
    assert balance(client, merchant, ana["id"])["pending"] == 10
