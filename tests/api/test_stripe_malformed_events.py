"""Signed Stripe events with a field null or of the wrong type (each field of each handled event
in turn): answered 200 like any event Goodword keeps, never a 500 Stripe would redeliver for
days."""

import copy

from tests.support.orders import make_rule
from tests.support.referrals import click, enroll
from tests.support.stripe import (
    charge_refunded,
    checkout_session,
    connect,
    deliver,
    event,
    invoice,
    invoice_payment,
    payment_intent,
)

WRONG = ("x", 10**30, ["x"], {"id": ["x"]}, None)


def _paths(value, prefix=()):
    """Every key path in a JSON object, lists entered at their first item."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list) and value:
        yield from _paths(value[0], (*prefix, 0))


def _with(value, path, replacement):
    changed = copy.deepcopy(value)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = replacement
    return changed


def test_signed_events_with_wrong_field_types_are_rejected_not_500s(app, client, merchant):
    connect(client, merchant)
    make_rule(client, merchant)
    ana = enroll(client, merchant)
    click_id = click(client, f"/r/{ana['code']}")
    discounts = [{"promotion_code": {"id": "promo_1", "code": ana["code"]}}]
    objects = [
        ("checkout.session.completed", checkout_session(client_reference_id=click_id,
                                                        discounts=discounts)),
        ("payment_intent.succeeded", payment_intent(metadata={"goodword_click_id": click_id})),
        ("invoice.paid", invoice(metadata={"goodword_click_id": click_id},
                                 payment_intent="pi_test_9")),
        ("invoice_payment.paid", invoice_payment()),
        ("charge.refunded", charge_refunded()),
    ]
    failures = []
    for event_type, stripe_object in objects:
        for path in _paths(stripe_object):
            for replacement in WRONG:
                sent = _with(stripe_object, path, replacement)
                try:
                    status = deliver(client, merchant.id, event(event_type, sent)).status_code
                except Exception as error:  # the test client re-raises what the app raised
                    status = type(error).__name__
                if status != 200:
                    failures.append((event_type, path, replacement, status))
    assert failures == []


def test_a_signed_event_nested_900_deep_is_a_400(app, client, merchant):
    connect(client, merchant)
    deep = event("checkout.session.completed", checkout_session())
    nested: dict = {}
    deep["data"]["object"]["metadata"] = nested
    for _ in range(900):
        nested["x"] = {}
        nested = nested["x"]
    response = deliver(client, merchant.id, deep)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "stripe_event_invalid"
