"""Idempotency-Key: one execution per key, identical replays, conflicts on changed parameters."""

import json
import threading

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from core.db import db
from tests.support.errors import error_of
from tests.support.widget import share_as
from tests.threads import join_all


def promoter_count(client, merchant) -> int:
    response = client.get("/v1/promoters?limit=100", headers=merchant.headers())
    return len(response.get_json()["data"])


def post_promoter(client, merchant, key, payload):
    return client.post(
        "/v1/promoters", json=payload, headers=merchant.headers(**{"Idempotency-Key": key})
    )


def test_a_retry_replays_the_first_response_and_creates_nothing_new(client, merchant):
    first = post_promoter(client, merchant, "order-1001", {"email": "ana@example.com"})
    again = post_promoter(client, merchant, "order-1001", {"email": "ana@example.com"})
    assert first.status_code == again.status_code == 201
    assert again.get_data() == first.get_data()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert promoter_count(client, merchant) == 1


def test_the_same_parameters_in_another_order_or_spacing_replay(client, merchant):
    headers = merchant.headers(**{"Idempotency-Key": "k", "Content-Type": "application/json"})
    first = client.post("/v1/promoters", data='{"email": "a@example.com", "name": "Ana"}',
                        headers=headers)
    again = client.post("/v1/promoters", data='{"name":"Ana","email":"a@example.com"}',
                        headers=headers)
    assert again.get_data() == first.get_data()
    assert promoter_count(client, merchant) == 1


def test_the_same_key_with_other_parameters_is_a_409(client, merchant):
    post_promoter(client, merchant, "k1", {"email": "ana@example.com"})
    response = post_promoter(client, merchant, "k1", {"email": "ben@example.com"})
    assert response.status_code == 409
    error = error_of(response)
    assert (error["type"], error["code"]) == ("idempotency_error", "idempotency_error")
    assert promoter_count(client, merchant) == 1


def test_keys_belong_to_one_merchant(client, make_merchant):
    acme, globex = make_merchant("Acme"), make_merchant("Globex")
    assert post_promoter(client, acme, "shared", {"email": "a@example.com"}).status_code == 201
    assert post_promoter(client, globex, "shared", {"email": "a@example.com"}).status_code == 201
    assert promoter_count(client, acme) == promoter_count(client, globex) == 1


def test_a_key_expires_after_24_hours(client, clock, merchant):
    post_promoter(client, merchant, "daily", {"email": "ana@example.com"})
    clock.advance(hours=23)
    assert "Idempotent-Replayed" in post_promoter(
        client, merchant, "daily", {"email": "ana@example.com"}
    ).headers
    clock.advance(hours=1, seconds=1)
    response = post_promoter(client, merchant, "daily", {"email": "ana@example.com"})
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response.headers
    assert promoter_count(client, merchant) == 2


def test_a_failed_request_does_not_use_up_its_key(client, merchant):
    """The failure changed nothing, so the corrected retry must run rather than replay the error."""
    failed = post_promoter(client, merchant, "k2", {"email": "not-an-email"})
    assert failed.status_code == 400
    fixed = post_promoter(client, merchant, "k2", {"email": "ana@example.com"})
    assert fixed.status_code == 201
    assert promoter_count(client, merchant) == 1


def test_an_overlong_key_is_refused(client, merchant):
    response = post_promoter(client, merchant, "x" * 256, {"email": "ana@example.com"})
    assert response.status_code == 400
    assert error_of(response)["param"] == "Idempotency-Key"
    assert promoter_count(client, merchant) == 0


def test_concurrent_requests_with_one_key_execute_once(app, merchant, on_postgres):
    """Eight clients retry at the same instant; exactly one promoter exists and all eight see it.
    Fails (several promoters) when api.request.idempotency.begin is disabled: checked by hand."""
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    responses = [None] * threads_count

    def send(slot: int) -> None:
        client = app.test_client()
        barrier.wait()
        responses[slot] = post_promoter(client, merchant, "race", {"name": "Ana"})

    threads = [threading.Thread(target=send, args=(slot,)) for slot in range(threads_count)]
    for thread in threads:
        thread.start()
    join_all(threads, 30)
    statuses = [response.status_code for response in responses]
    assert statuses == [201] * threads_count
    bodies = {json.dumps(response.get_json(), sort_keys=True) for response in responses}
    assert len(bodies) == 1
    assert promoter_count(app.test_client(), merchant) == 1


def test_the_public_publishable_key_cannot_burn_the_servers_keys(client, merchant):
    """A publishable key sits in the shop's HTML; its Idempotency-Keys live apart."""
    promoter = post_promoter(client, merchant, "setup", {"name": "Ana", "external_id": "cus_1"}
                             ).get_json()
    widget = share_as(client, merchant, promoter, "copy", **{"Idempotency-Key": "order-7"})
    assert widget.status_code == 201
    server = post_promoter(client, merchant, "order-7", {"name": "Ben"})
    assert server.status_code == 201
    assert "Idempotent-Replayed" not in server.headers


@pytest.mark.parametrize("failure, status, code", [
    (OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly")),
     503, "database_unavailable"),
    (IntegrityError("COMMIT", {}, Exception("duplicate key value")), 409, "conflict"),
])
def test_a_commit_that_fails_answers_its_error_status_and_keeps_nothing(
        client, merchant, monkeypatch, failure, status, code):
    """The database lost at COMMIT (found by the restart test: the 503 went out as a 200)."""

    def fail_once():
        monkeypatch.undo()
        raise failure

    monkeypatch.setattr(db.session, "commit", fail_once)
    failed = post_promoter(client, merchant, "signup-7", {"email": "ana@example.com"})
    assert (failed.status_code, error_of(failed)["code"]) == (status, code)
    if status == 503:
        assert failed.headers["Retry-After"] == "1"
    assert promoter_count(client, merchant) == 0
    retried = post_promoter(client, merchant, "signup-7", {"email": "ana@example.com"})
    assert retried.status_code == 201
    assert promoter_count(client, merchant) == 1
