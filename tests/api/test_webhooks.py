"""Webhook endpoints and deliveries to real HTTP receivers on loopback."""

import json

import pytest
from sqlalchemy import func, select

from core.db import db
from core.events import delivery
from core.events.endpoints import WebhookUrlRefused, check_url
from core.events.models import WebhookDelivery
from tests.support.errors import error_of
from tests.support.referrals import enroll
from tests.support.webhooks import Receiver, add_endpoint, deliver, log_of, readme_verify


@pytest.fixture
def receiver():
    started = []

    def start(answer=lambda n: 200) -> Receiver:
        started.append(Receiver(answer))
        return started[-1]

    yield start
    for running in started:
        running.close()


def test_an_endpoint_is_created_with_a_secret_shown_once(client, merchant):
    created = add_endpoint(client, merchant, "http://127.0.0.1:9/hooks",
                           events=["promoter.created", "reward.earned"])
    assert created["id"].startswith("whe_") and created["secret"].startswith("whsec_")
    assert created["enabled_events"] == ["promoter.created", "reward.earned"]
    got = client.get(f"/v1/webhook_endpoints/{created['id']}", headers=merchant.headers())
    assert "secret" not in got.get_json()
    listed = client.get("/v1/webhook_endpoints", headers=merchant.headers()).get_json()
    assert [e["id"] for e in listed["data"]] == [created["id"]]
    patched = client.patch(f"/v1/webhook_endpoints/{created['id']}",
                           json={"enabled_events": ["*"], "disabled": True},
                           headers=merchant.headers()).get_json()
    assert (patched["enabled_events"], patched["status"]) == (["*"], "disabled")
    deleted = client.delete(f"/v1/webhook_endpoints/{created['id']}",
                            headers=merchant.headers())
    assert deleted.status_code == 200
    assert client.get(f"/v1/webhook_endpoints/{created['id']}",
                      headers=merchant.headers()).status_code == 404


@pytest.mark.parametrize("fields,param", [
    ({"url": "ftp://example.com/x", "enabled_events": ["*"]}, "url"),
    ({"url": "http://127.0.0.1/x", "enabled_events": ["nope"]}, "enabled_events[0]"),
    ({"url": "http://127.0.0.1/x", "enabled_events": []}, "enabled_events"),
    ({"url": "http://127.0.0.1/x"}, "enabled_events"),
])
def test_bad_endpoints_are_refused(client, merchant, fields, param):
    response = client.post("/v1/webhook_endpoints", json=fields, headers=merchant.headers())
    assert response.status_code == 400
    assert error_of(response)["param"] == param


@pytest.mark.parametrize("url", [
    "http://example.com/hooks", "https://127.0.0.1/hooks", "https://localhost/hooks",
    "https://10.0.0.8/hooks", "https://169.254.169.254/latest/meta-data",
    "https://[::1]/hooks", "https://user:pw@example.com/hooks",
])
def test_production_refuses_http_and_private_addresses(url):
    with pytest.raises(WebhookUrlRefused):
        check_url(url, production=True)
    assert check_url("http://127.0.0.1:8000/hooks", production=False)


def test_another_merchants_endpoint_is_not_found(client, make_merchant, merchant):
    created = add_endpoint(client, merchant, "http://127.0.0.1:9/hooks")
    other = make_merchant("Globex")
    for call in (client.get, client.delete):
        assert call(f"/v1/webhook_endpoints/{created['id']}",
                    headers=other.headers()).status_code == 404


def test_a_delivery_is_signed_and_verifies_with_the_readme_snippet(app, client, merchant,
                                                                   receiver):
    hooks = receiver()
    endpoint = add_endpoint(client, merchant, hooks.url, events=["promoter.created"])
    ana = enroll(client, merchant)
    assert deliver(app) == 1
    ((headers, body),) = hooks.requests
    event = json.loads(body)
    assert (event["type"], event["data"]["promoter"]) == ("promoter.created", ana["id"])
    verify = readme_verify()
    assert verify(body, headers["Goodword-Signature"], endpoint["secret"]) is True
    assert verify(body + b" ", headers["Goodword-Signature"], endpoint["secret"]) is False
    assert verify(body, headers["Goodword-Signature"], "whsec_wrong") is False
    (logged,) = log_of(client, merchant, endpoint["id"])
    assert (logged["status"], logged["attempts"], logged["last_status_code"]) == (
        "succeeded", 1, 200)
    assert logged["last_response"] == "answered 200"
    assert deliver(app) == 0


def test_only_subscribed_events_are_sent(app, client, merchant, receiver):
    hooks = receiver()
    add_endpoint(client, merchant, hooks.url, events=["referral.created"])
    enroll(client, merchant)
    assert deliver(app) == 0 and hooks.requests == []


def test_three_failures_then_success_is_one_success_after_four_attempts(
        app, client, clock, merchant, receiver):
    hooks = receiver(lambda n: 500 if n <= 3 else 200)
    endpoint = add_endpoint(client, merchant, hooks.url)
    enroll(client, merchant)
    for _ in range(4):
        assert deliver(app) == 1
        assert deliver(app) == 0  # not due again until the backoff has passed
        clock.advance(hours=7)
    assert [status for status in (1, 2, 3, 4) if hooks.answer(status) == 200] == [4]
    assert len(hooks.requests) == 4
    assert len({json.loads(body)["id"] for _, body in hooks.requests}) == 1
    (logged,) = log_of(client, merchant, endpoint["id"])
    assert (logged["status"], logged["attempts"]) == ("succeeded", 4)
    assert [attempt["status_code"] for attempt in logged["history"]] == [500, 500, 500, 200]
    assert [attempt["succeeded"] for attempt in logged["history"]] == [False] * 3 + [True]
    got = client.get(f"/v1/webhook_endpoints/{endpoint['id']}", headers=merchant.headers())
    assert got.get_json()["failing_since"] is None


def test_retries_back_off_with_jitter():
    delays = [delivery.retry_delay(attempts) for attempts in range(1, 20)]
    assert delays[0] <= delivery.FIRST_RETRY
    assert all(delay <= delivery.LONGEST_RETRY for delay in delays)
    assert delays[-1] >= delivery.LONGEST_RETRY / 2


def test_an_endpoint_failing_for_three_days_is_disabled_and_the_merchant_told(
        app, client, clock, merchant, receiver):
    hooks = receiver(lambda n: 503)
    endpoint = add_endpoint(client, merchant, hooks.url, events=["promoter.created"])
    enroll(client, merchant)
    attempts = 0
    while deliver(app):
        attempts += 1
        clock.advance(hours=7)
    (logged,) = log_of(client, merchant, endpoint["id"])
    assert logged["status"] == "failed" and logged["attempts"] == attempts > 5
    got = client.get(f"/v1/webhook_endpoints/{endpoint['id']}",
                     headers=merchant.headers()).get_json()
    assert (got["status"], got["disabled_reason"]) == ("disabled", "failing for 3 days")
    told = client.get("/v1/events?type=webhook_endpoint.disabled",
                      headers=merchant.headers()).get_json()["data"]
    assert [e["data"]["webhook_endpoint"] for e in told] == [endpoint["id"]]
    enroll(client, merchant, external_id="cus_later")
    assert deliver(app) == 0  # nothing queued for a disabled endpoint


def test_an_unreachable_receiver_is_logged_and_retried(app, client, clock, merchant, receiver):
    hooks = receiver()
    url = hooks.url
    hooks.close()
    endpoint = add_endpoint(client, merchant, url)
    enroll(client, merchant)
    assert deliver(app) == 1
    (logged,) = log_of(client, merchant, endpoint["id"])
    assert (logged["status"], logged["last_status_code"]) == ("pending", None)
    assert logged["last_error"]


def test_an_event_is_redelivered_on_request(app, client, merchant, receiver):
    hooks = receiver()
    endpoint = add_endpoint(client, merchant, hooks.url)
    enroll(client, merchant)
    deliver(app)
    (event,) = client.get("/v1/events", headers=merchant.headers()).get_json()["data"]
    again = client.post(f"/v1/events/{event['id']}/redeliver", json={},
                        headers=merchant.headers())
    assert again.status_code == 201, again.get_json()
    (queued,) = again.get_json()["data"]
    assert queued["status"] == "pending"
    deliver(app)
    once_more = client.post(
        f"/v1/webhook_endpoints/{endpoint['id']}/deliveries/{queued['id']}/redeliver",
        json={}, headers=merchant.headers())
    assert once_more.status_code == 201, once_more.get_json()
    deliver(app)
    assert [json.loads(body)["id"] for _, body in hooks.requests] == [event["id"]] * 3
    assert [d["status"] for d in log_of(client, merchant, endpoint["id"])] == ["succeeded"] * 3


def test_a_rolled_back_change_queues_nothing(app, client, merchant, receiver):
    hooks = receiver()
    add_endpoint(client, merchant, hooks.url)
    ana = enroll(client, merchant)
    failed = client.post("/v1/promoters", json={"external_id": "cus_x", "code": ana["code"]},
                         headers=merchant.headers())
    assert failed.status_code >= 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 1
    deliver(app)
    assert len(hooks.requests) == 1


def rotate(client, merchant, endpoint_id: str, **fields):
    return client.post(f"/v1/webhook_endpoints/{endpoint_id}/rotate_secret", json=fields,
                       headers=merchant.headers())


def test_a_rotated_secret_signs_beside_the_old_one_during_the_grace_period(
        app, client, clock, merchant, receiver):
    hooks = receiver()
    endpoint = add_endpoint(client, merchant, hooks.url)
    rotated = rotate(client, merchant, endpoint["id"], previous_secret_expires_in=3600)
    assert rotated.status_code == 200, rotated.get_json()
    new_secret = rotated.get_json()["secret"]
    assert new_secret.startswith("whsec_") and new_secret != endpoint["secret"]
    assert rotated.get_json()["previous_secret_expires_at"] is not None
    fetched = client.get(f"/v1/webhook_endpoints/{endpoint['id']}", headers=merchant.headers())
    assert "secret" not in fetched.get_json()
    verify = readme_verify()
    enroll(client, merchant)
    assert deliver(app) == 1
    headers, body = hooks.requests[-1]
    assert headers["Goodword-Signature"].count("v1=") == 2
    assert verify(body, headers["Goodword-Signature"], new_secret) is True
    assert verify(body, headers["Goodword-Signature"], endpoint["secret"]) is True
    assert verify(body, headers["Goodword-Signature"], "whsec_other") is False
    clock.advance(seconds=3601)  # the grace period is over: only the new secret signs
    enroll(client, merchant, external_id="cus_second", email="second@example.com")
    assert deliver(app) == 1
    headers, body = hooks.requests[-1]
    late = 10 ** 6  # the test clock ran ahead of the real one; the signature is what matters
    assert headers["Goodword-Signature"].count("v1=") == 1
    assert verify(body, headers["Goodword-Signature"], new_secret, late) is True
    assert verify(body, headers["Goodword-Signature"], endpoint["secret"], late) is False


def test_a_rotation_without_grace_stops_the_old_secret_at_once(app, client, merchant,
                                                               receiver):
    hooks = receiver()
    endpoint = add_endpoint(client, merchant, hooks.url)
    enroll(client, merchant)  # queued before the rotation, signed when sent: with the new one
    new_secret = rotate(client, merchant, endpoint["id"]).get_json()["secret"]
    assert deliver(app) == 1
    headers, body = hooks.requests[-1]
    verify = readme_verify()
    assert verify(body, headers["Goodword-Signature"], new_secret) is True
    assert verify(body, headers["Goodword-Signature"], endpoint["secret"]) is False


def test_rotations_are_refused_for_other_merchants_and_bad_grace(client, merchant,
                                                                 make_merchant):
    endpoint = add_endpoint(client, merchant, "http://127.0.0.1:9/hooks")
    assert rotate(client, make_merchant(), endpoint["id"]).status_code == 404
    too_long = rotate(client, merchant, endpoint["id"], previous_secret_expires_in=8 * 86400)
    assert too_long.status_code == 400
    assert error_of(too_long)["param"] == "previous_secret_expires_in"
