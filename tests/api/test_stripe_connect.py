"""Connecting Stripe: keys go in through PATCH /v1/merchant or the CLI, sealed at rest, and never
come back out (only their last four characters)."""

import logging

from core.db import db
from core.merchants.models import Merchant
from tests.support.errors import error_of
from tests.support.stripe import SECRET_KEY, WEBHOOK_SECRET, connect


def test_keys_are_write_only_and_sealed_at_rest(app, client, merchant, caplog):
    with caplog.at_level(logging.DEBUG):
        body = connect(client, merchant, stripe_payout="customer_balance")
    assert (body["stripe_connected"], body["stripe_secret_key_last4"],
            body["stripe_webhook_secret_last4"], body["stripe_payout"]) == (
        True, SECRET_KEY[-4:], WEBHOOK_SECRET[-4:], "customer_balance")
    shown = client.get("/v1/merchant", headers=merchant.headers()).get_data(as_text=True)
    for secret in (SECRET_KEY, WEBHOOK_SECRET):
        assert secret not in shown
        assert secret not in caplog.text
    with app.app_context():
        row = db.session.get(Merchant, merchant.id)
        assert SECRET_KEY not in row.stripe_secret_key_sealed
        assert WEBHOOK_SECRET not in row.stripe_webhook_secret_sealed


def test_a_malformed_key_is_refused_without_repeating_it(client, merchant):
    response = client.patch("/v1/merchant", json={"stripe_secret_key": "pk_test_oops12345678"},
                            headers=merchant.headers())
    assert response.status_code == 400
    assert (error_of(response)["param"], "pk_test_oops" in response.get_data(as_text=True)) == (
        "stripe_secret_key", False)
    bad_payout = client.patch("/v1/merchant", json={"stripe_payout": "cheque"},
                              headers=merchant.headers())
    assert bad_payout.status_code == 400


def test_null_disconnects(client, merchant):
    connect(client, merchant)
    body = client.patch("/v1/merchant", json={"stripe_secret_key": None},
                        headers=merchant.headers()).get_json()
    assert (body["stripe_connected"], body["stripe_secret_key_last4"]) == (False, None)
    assert body["stripe_webhook_secret_last4"] == WEBHOOK_SECRET[-4:]


def test_the_cli_connects_without_printing_the_keys(app, client, merchant):
    result = app.test_cli_runner().invoke(
        args=["connect-stripe", merchant.id, "--payout", "promotion_code"],
        input=f"{SECRET_KEY}\n{WEBHOOK_SECRET}\n",
    )
    assert result.exit_code == 0, result.output
    assert SECRET_KEY not in result.output and WEBHOOK_SECRET not in result.output
    assert f"/stripe/webhooks/{merchant.id}" in result.output
    body = client.get("/v1/merchant", headers=merchant.headers()).get_json()
    assert (body["stripe_connected"], body["stripe_secret_key_last4"]) == (True, SECRET_KEY[-4:])
