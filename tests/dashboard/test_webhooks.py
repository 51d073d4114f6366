"""Webhook endpoints on the developers page, the delivery log with redelivery, and the banner
every dashboard page shows once Goodword has disabled a failing endpoint."""

import html

import pytest

from core.db import db
from core.events import endpoints as endpoints_service
from tests.support.dashboard import csrf_of, log_in, make_user
from tests.support.referrals import enroll
from tests.support.webhooks import Receiver, add_endpoint, deliver


@pytest.fixture
def hooks():
    receiver = Receiver(lambda n: 200 if n > 1 else 500)
    yield receiver
    receiver.close()


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def endpoints(client, merchant) -> list[dict]:
    return client.get("/v1/webhook_endpoints", headers=merchant.headers()).get_json()["data"]


def test_an_endpoint_is_added_with_its_secret_shown_once(app, client, merchant, owner_client):
    token = csrf_of(owner_client.get("/dashboard/developers"))
    added = owner_client.post("/dashboard/developers/webhooks", data={
        "url": "http://127.0.0.1:9/hooks", "description": "CRM",
        "enabled_events": ["promoter.created", "referral.approved"], "csrf_token": token})
    page = text(added)
    assert added.status_code == 200 and "shown this once" in page
    secret = page.split('id="signing-secret"')[0].rsplit('value="', 1)[1].split('"')[0]
    (endpoint,) = endpoints(client, merchant)
    assert (endpoint["url"], endpoint["description"], endpoint["enabled_events"]) == (
        "http://127.0.0.1:9/hooks", "CRM", ["promoter.created", "referral.approved"])
    with app.app_context():
        stored = endpoints_service.get_endpoint(db.session, merchant_id=merchant.id,
                                                endpoint_id=endpoint["id"])
        assert endpoints_service.signing_secret(
            stored, credentials_secrets=app.config["CREDENTIALS_SECRETS"]) == secret
    again = text(owner_client.get("/dashboard/developers"))
    assert secret.startswith("whsec_") and secret not in again
    assert "http://127.0.0.1:9/hooks" in again and "promoter.created, referral.approved" in again


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"url": "ftp://example.com/x", "enabled_events": ["*"]}, "url", "Not a valid URL."),
    ({"url": "http://127.0.0.1:9/x"}, "enabled_events", "Length must be between 1 and"),
])
def test_a_bad_endpoint_is_refused_on_its_field(client, merchant, owner_client, form, field,
                                                message):
    token = csrf_of(owner_client.get("/dashboard/developers"))
    refused = owner_client.post("/dashboard/developers/webhooks", data={**form,
                                                                       "csrf_token": token})
    assert refused.status_code == 400
    assert f'id="f-{field}-error">{message}' in text(refused)
    assert "signing-secret" not in text(refused)
    assert endpoints(client, merchant) == []


def test_disable_enable_and_delete(client, merchant, owner_client):
    endpoint = add_endpoint(client, merchant, "http://127.0.0.1:9/hooks")
    token = csrf_of(owner_client.get("/dashboard/developers"))
    base = f"/dashboard/developers/webhooks/{endpoint['id']}"
    owner_client.post(f"{base}/state", data={"disabled": "true", "csrf_token": token})
    got = endpoints(client, merchant)[0]
    assert (got["status"], got["disabled_reason"]) == ("disabled", "disabled by the merchant")
    page = text(owner_client.post(f"{base}/state", data={"disabled": "false",
                                                         "csrf_token": token},
                                  follow_redirects=True))
    assert "is enabled" in page and endpoints(client, merchant)[0]["status"] == "enabled"
    owner_client.post(f"{base}/delete", data={"csrf_token": token})
    assert endpoints(client, merchant) == []
    assert owner_client.get(base).status_code == 404


def test_the_delivery_log_shows_each_attempt_and_redelivers(app, client, merchant, owner_client,
                                                           hooks):
    endpoint = add_endpoint(client, merchant, hooks.url, events=["promoter.created"])
    enroll(client, merchant)
    assert deliver(app) == 1  # the receiver answers 500 first
    log = text(owner_client.get(f"/dashboard/developers/webhooks/{endpoint['id']}"))
    assert "promoter.created" in log and "pending" in log and ">500<" in log
    assert "answered 500" in log and " ms<" in log
    delivery_id = log.split('<tr id="')[1].split('"')[0]
    token = csrf_of(owner_client.get(f"/dashboard/developers/webhooks/{endpoint['id']}"))
    again = owner_client.post(
        f"/dashboard/developers/webhooks/{endpoint['id']}/deliveries/{delivery_id}/redeliver",
        data={"csrf_token": token}, follow_redirects=True)
    assert "queued again as delivery" in text(again)
    assert text(again).count('<tr id="whd_') == 2
    assert len(hooks.requests) == 1  # queued, sent by the worker
    assert deliver(app) == 1 and len(hooks.requests) == 2
    log = text(owner_client.get(f"/dashboard/developers/webhooks/{endpoint['id']}"))
    assert "succeeded" in log and "answered 200" in log


def test_staff_cannot_reach_webhooks(app, client, merchant):
    endpoint = add_endpoint(client, merchant, "http://127.0.0.1:9/hooks")
    make_user(app, merchant.id, "staff@acme.example", "staff")
    log_in(client, "staff@acme.example")
    token = csrf_of(client.get("/dashboard/program"))
    assert client.get(f"/dashboard/developers/webhooks/{endpoint['id']}").status_code == 403
    assert client.post(f"/dashboard/developers/webhooks/{endpoint['id']}/delete",
                       data={"csrf_token": token}).status_code == 403
    assert client.post("/dashboard/developers/webhooks", data={
        "url": "http://127.0.0.1:9/x", "enabled_events": ["*"],
        "csrf_token": token}).status_code == 403
    assert len(endpoints(client, merchant)) == 1


def test_another_merchants_endpoint_is_not_there(client, make_merchant, owner_client):
    theirs = add_endpoint(client, make_merchant("Other Shop"), "http://127.0.0.1:9/hooks")
    token = csrf_of(owner_client.get("/dashboard/developers"))
    assert owner_client.get(f"/dashboard/developers/webhooks/{theirs['id']}").status_code == 404
    assert owner_client.post(f"/dashboard/developers/webhooks/{theirs['id']}/delete",
                             data={"csrf_token": token}).status_code == 404


def test_a_banner_on_every_page_once_a_failing_endpoint_is_disabled(
    app, client, clock, merchant, owner_client
):
    failing = Receiver(lambda n: 503)
    try:
        endpoint = add_endpoint(client, merchant, failing.url, events=["promoter.created"])
        merchants_own = add_endpoint(client, merchant, "http://127.0.0.1:9/mine")
        client.patch(f"/v1/webhook_endpoints/{merchants_own['id']}", json={"disabled": True},
                     headers=merchant.headers())
        enroll(client, merchant)
        for page in ("/dashboard", "/dashboard/program"):
            assert "were stopped" not in text(owner_client.get(page))
        while deliver(app):
            clock.advance(hours=7)
    finally:
        failing.close()
    log_in(owner_client, "owner@acme.example")  # days later: the session has timed out
    for page in ("/dashboard", "/dashboard/promoters", "/dashboard/program",
                 "/dashboard/developers", "/dashboard/account"):
        shown = text(owner_client.get(page))
        assert f"Webhooks to <code>{failing.url}</code> were stopped" in shown, page
        assert "http://127.0.0.1:9/mine</code> were stopped" not in shown
    make_user(app, merchant.id, "staff@acme.example", "staff")
    log_in(client, "staff@acme.example")
    assert "Ask an owner to fix it" in text(client.get("/dashboard"))
    # Enabled again: the banner goes.
    client.patch(f"/v1/webhook_endpoints/{endpoint['id']}", json={"disabled": False},
                 headers=merchant.headers())
    assert "were stopped" not in text(owner_client.get("/dashboard"))
