"""Every webhook POST ends by its whole-request deadline, however slowly the receiver answers;
and what the receiver answers decides what happens next: 410 Gone disables the endpoint,
Retry-After on 429 and 503 moves the next attempt. Receivers are real sockets on loopback."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.db import db
from core.events import delivery
from core.events.models import WebhookDelivery

from .test_referrals import enroll
from .test_webhooks import log_of
from .trickle_support import TricklingReceiver, elapsed
from .webhook_support import Receiver, add_endpoint, deliver

# Long enough that the receiver would hold a POST for a minute or more at one byte a second.
SLOW_ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 60\r\n\r\n" + b"x" * 60


@pytest.fixture
def receivers():
    started = []
    yield lambda receiver: started.append(receiver) or receiver
    for receiver in started:
        receiver.close()


@pytest.mark.parametrize("at_once,trickled", [
    (b"", SLOW_ANSWER),  # the status line itself, one byte a second
    (SLOW_ANSWER[:-60], SLOW_ANSWER[-60:]),  # a 200 at once, then its body
], ids=["status-line", "body-after-200"])
def test_a_trickling_receiver_costs_the_deadline_not_its_trickle(app, client, merchant,
                                                                  receivers, at_once, trickled):
    """A receiver sending one byte a second never trips a timeout per read; the deadline (2 s
    here) ends the POST anyway, as a failed attempt due again later (an answer not read in
    full is no success, whatever its status line said)."""
    slow = receivers(TricklingReceiver(trickled, every=1.0, at_once=at_once))
    endpoint = add_endpoint(client, merchant, slow.url)
    enroll(client, merchant)
    took = elapsed(lambda: deliver(app, deadline_seconds=2))
    # The trickle lasts a minute or more; the margin covers a busy machine, not the trickle.
    assert 1.5 <= took < 20
    (logged,) = log_of(client, merchant, endpoint["id"])
    assert (logged["status"], logged["attempts"]) == ("pending", 1)
    assert "2 s deadline" in logged["last_error"]


def test_a_200_after_12_seconds_is_a_success_under_the_default_deadline(app, client, merchant,
                                                                         receivers):
    """The Standard Webhooks spec lets receivers take 15 to 30 s; the default deadline is 15."""
    late = receivers(TricklingReceiver(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                                       every=0, delay=12))
    endpoint = add_endpoint(client, merchant, late.url)
    enroll(client, merchant)
    assert app.config["WEBHOOK_DEADLINE_SECONDS"] == delivery.DEADLINE_SECONDS == 15
    deliver(app, deadline_seconds=app.config["WEBHOOK_DEADLINE_SECONDS"])
    (logged,) = log_of(client, merchant, endpoint["id"])
    assert (logged["status"], logged["last_status_code"]) == ("succeeded", 200)
    assert logged["last_error"] is None


def test_410_gone_disables_the_endpoint_at_once_and_tells_the_merchant(app, client, merchant,
                                                                       receivers):
    gone = receivers(Receiver(lambda n: 410))
    endpoint = add_endpoint(client, merchant, gone.url)
    enroll(client, merchant)
    enroll(client, merchant, external_id="cus_second")
    assert deliver(app, per_endpoint=1) == 1  # one at a time, to see the second held back
    got = client.get(f"/v1/webhook_endpoints/{endpoint['id']}", headers=merchant.headers())
    assert (got.get_json()["status"], got.get_json()["disabled_reason"]) == (
        "disabled", "the receiver answered 410 Gone")
    assert deliver(app) == 0  # the second event is not sent to a receiver that is gone
    assert len(gone.requests) == 1
    with app.app_context():
        assert sorted(db.session.scalars(select(WebhookDelivery.status))) == [
            "disabled", "disabled"]
    events = client.get("/v1/events?type=webhook_endpoint.disabled",
                        headers=merchant.headers()).get_json()["data"]
    assert [event["data"]["webhook_endpoint"] for event in events] == [endpoint["id"]]


@pytest.mark.parametrize("status,retry_after,wait", [
    (503, "3600", timedelta(hours=1)),  # later than the schedule: honoured
    (429, "86400", delivery.LONGEST_RETRY),  # a day: never past the schedule's longest gap
    (429, "0", None),  # sooner than the schedule: the schedule stands
    (500, "3600", None),  # only 429 and 503 carry a Retry-After worth reading
])
def test_retry_after_is_honoured_within_the_retry_schedule(app, client, clock, merchant,
                                                           receivers, status, retry_after, wait):
    busy = receivers(TricklingReceiver(
        f"HTTP/1.1 {status} Busy\r\nRetry-After: {retry_after}\r\nContent-Length: 0\r\n\r\n"
        .encode(), every=0))
    add_endpoint(client, merchant, busy.url)
    enroll(client, merchant)
    deliver(app)
    with app.app_context():
        row = db.session.scalars(select(WebhookDelivery)).one()
        next_in = row.next_attempt_at - clock.now()
    if wait is None:
        assert delivery.FIRST_RETRY / 2 <= next_in <= delivery.FIRST_RETRY
    else:
        assert next_in == wait
