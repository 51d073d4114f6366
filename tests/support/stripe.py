"""Stripe test helpers: webhook events in the shapes Stripe documents, signed with Stripe's
scheme, and the Stripe stand-ins (localstripe on a free loopback port, and the named fake for
what localstripe lacks) started for the tests that call Stripe."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from itertools import count

import pytest
import stripe

from rewards import stripe_gateway
from rewards.stripe_gateway import API_VERSION
from tests.support.fake_slow_stripe import FakeSlowStripe
from tests.support.fake_stripe_payouts import FakeStripePayouts

SECRET_KEY = "sk_test_51GoodwordTestKey0000abcd"
WEBHOOK_SECRET = "whsec_GoodwordTestSigningSecret1234wxyz"

_event_numbers = count(1)

# localstripe bound to loopback only, and kept in memory (it pickles to /tmp by default).
_LOCALSTRIPE = """
import sys
from aiohttp import web
from localstripe import resources, server
resources.Store.dump_to_disk = lambda self: None
web.run_app(server.app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""


def connect(client, merchant, **fields) -> dict:
    fields.setdefault("stripe_secret_key", SECRET_KEY)
    fields.setdefault("stripe_webhook_secret", WEBHOOK_SECRET)
    response = client.patch("/v1/merchant", json=fields, headers=merchant.headers())
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def signature_header(payload: bytes, *, secret: str = WEBHOOK_SECRET,
                     timestamp: int | None = None) -> str:
    """Signed by stripe-python's own helper (v1 = HMAC-SHA256(secret, "{t}.{payload}"))."""
    return stripe.WebhookSignature.generate_signature_header(
        payload.decode(), secret, timestamp=int(time.time()) if timestamp is None else timestamp)


def event(event_type: str, stripe_object: dict, *, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_test_{next(_event_numbers):06d}", "object": "event",
        "api_version": API_VERSION, "created": int(time.time()), "livemode": False,
        "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
        "type": event_type, "data": {"object": stripe_object},
    }


def deliver(client, merchant_id: str, stripe_event: dict, **signing):
    payload = json.dumps(stripe_event).encode()
    return client.post(f"/stripe/webhooks/{merchant_id}", data=payload,
                       headers={"Stripe-Signature": signature_header(payload, **signing),
                                "Content-Type": "application/json"})


def checkout_session(*, session_id="cs_test_a1", payment_intent="pi_test_1", amount=10_000,
                     customer="cus_friend", email="friend@example.com",
                     client_reference_id=None, metadata=None, discounts=None) -> dict:
    return {
        "id": session_id, "object": "checkout.session", "mode": "payment",
        "status": "complete", "payment_status": "paid", "amount_total": amount,
        "amount_subtotal": amount, "currency": "usd", "customer": customer,
        "customer_email": None, "customer_details": {"email": email, "name": "Friend"},
        "client_reference_id": client_reference_id, "metadata": metadata or {},
        "payment_intent": payment_intent, "discounts": discounts or [], "livemode": False,
    }


def payment_intent(*, intent_id="pi_test_1", amount=10_000, customer="cus_friend",
                   email=None, metadata=None) -> dict:
    return {
        "id": intent_id, "object": "payment_intent", "amount": amount,
        "amount_received": amount, "currency": "usd", "customer": customer,
        "receipt_email": email, "metadata": metadata or {}, "status": "succeeded",
        "invoice": None, "latest_charge": "ch_test_1", "livemode": False,
    }


def charge_refunded(*, charge_id="ch_test_1", intent_id="pi_test_1", amount=10_000,
                    refunded=10_000, refund_ids=("re_test_1",)) -> dict:
    return {
        "id": charge_id, "object": "charge", "amount": amount, "amount_captured": amount,
        "amount_refunded": refunded, "currency": "usd", "payment_intent": intent_id,
        "refunded": refunded == amount, "status": "succeeded", "livemode": False,
        "refunds": {"object": "list", "has_more": False, "data": [
            {"id": refund_id, "object": "refund", "charge": charge_id, "created": 1_700_000_000 + n,
             "status": "succeeded"} for n, refund_id in enumerate(refund_ids)
        ]},
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", _LOCALSTRIPE, str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(url + "/v1/coupons", timeout=1)
        except urllib.error.HTTPError:
            break  # it answers (401 without a key): it is up
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait(timeout=10)
                pytest.fail(f"localstripe did not start: {process.stderr.read().decode()[-500:]}")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)
    process.stderr.close()


@pytest.fixture(scope="session")
def _fake_stripe(localstripe_url):
    with FakeStripePayouts(localstripe_url, API_VERSION) as fake:
        yield fake


@pytest.fixture
def fake_stripe(app, _fake_stripe):
    """Stripe for one test: the app's Stripe client points at the fake, which forwards what it
    does not fake to localstripe."""
    _fake_stripe.reset()
    app.config["STRIPE_API_BASE"] = _fake_stripe.url
    yield _fake_stripe
    app.config["STRIPE_API_BASE"] = None


def localstripe_get(url: str, path: str) -> dict:
    request = urllib.request.Request(url + path,
                                     headers={"Authorization": f"Bearer {SECRET_KEY}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def localstripe_post(url: str, path: str, form: str) -> dict:
    request = urllib.request.Request(url + path, data=form.encode(), method="POST",
                                     headers={"Authorization": f"Bearer {SECRET_KEY}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def invoice(*, invoice_id="in_test_1", subscription="sub_test_1", amount=10_000,
            customer="cus_friend", email="friend@example.com",
            billing_reason="subscription_create", period_start=None, metadata=None,
            subscription_metadata=None, discounts=None, payment_intent=None) -> dict:
    """An invoice as API versions from 2025-03-31 send it: the subscription under
    `parent.subscription_details`, no payment_intent field, the service period on its lines."""
    start = int(time.time()) if period_start is None else period_start
    end = start + 30 * 86_400
    paid = {"object": "list", "has_more": False, "data": [
        {"id": f"inpay_{invoice_id}", "object": "invoice_payment", "amount_paid": amount,
         "currency": "usd", "invoice": invoice_id, "is_default": True, "status": "paid",
         "payment": {"type": "payment_intent", "payment_intent": payment_intent}},
    ]} if payment_intent else None
    body = {
        "id": invoice_id, "object": "invoice", "amount_due": amount, "amount_paid": amount,
        "amount_remaining": 0, "billing_reason": billing_reason,
        "collection_method": "charge_automatically", "created": start, "currency": "usd",
        "customer": customer, "customer_email": email, "discounts": discounts or [],
        "livemode": False, "metadata": metadata or {}, "status": "paid",
        "parent": {"type": "subscription_details", "quote_details": None,
                   "subscription_details": {"metadata": subscription_metadata or {},
                                            "subscription": subscription}},
        "lines": {"object": "list", "has_more": False, "data": [
            {"id": f"il_{invoice_id}", "object": "line_item", "amount": amount,
             "currency": "usd", "period": {"start": start, "end": end}},
        ]},
        "period_start": start, "period_end": start,
        "status_transitions": {"finalized_at": start, "paid_at": start},
        "total": amount,
    }
    if paid:
        body["payments"] = paid
    return body


def invoice_payment(*, invoice_id="in_test_1", payment_intent="pi_test_1",
                    amount=10_000) -> dict:
    """The invoice_payment object of an `invoice_payment.paid` event."""
    return {
        "id": f"inpay_{invoice_id}", "object": "invoice_payment", "amount_paid": amount,
        "amount_requested": amount, "currency": "usd", "invoice": invoice_id,
        "is_default": True, "livemode": False, "status": "paid",
        "payment": {"type": "payment_intent", "payment_intent": payment_intent},
        "status_transitions": {"canceled_at": None, "paid_at": int(time.time())},
    }


def friend_coupon(client, merchant, localstripe_url, coupon="FRIEND10"):
    """The merchant's coupon, made in (local)Stripe once for the whole session."""
    try:
        localstripe_post(localstripe_url, "/v1/coupons",
                         f"id={coupon}&percent_off=10&duration=once")
    except urllib.error.HTTPError as exists:
        assert exists.code == 409
    connect(client, merchant, stripe_friend_coupon=coupon)


def promotion_code(client, merchant, promoter_id, **headers):
    return client.post(f"/v1/promoters/{promoter_id}/stripe_promotion_code", json={},
                       headers=merchant.headers(**headers))


TIMEOUT = 0.5


@pytest.fixture
def slow_stripe(app, fake_stripe, monkeypatch):
    """Start a proxy answering its first `slow_calls` requests late; the app calls Stripe
    through it with a short timeout."""
    monkeypatch.setattr(stripe_gateway, "TIMEOUT_SECONDS", TIMEOUT)
    proxies = []

    def start(slow_calls: int) -> FakeSlowStripe:
        proxy = FakeSlowStripe(fake_stripe.url, slow_calls=slow_calls,
                               delay_seconds=TIMEOUT * 3).__enter__()
        proxies.append(proxy)
        app.config["STRIPE_API_BASE"] = proxy.url
        return proxy

    yield start
    for proxy in proxies:
        proxy.__exit__(None, None, None)
