"""No key material in the logs. Every flow that handles a secret runs with every logger at
DEBUG (the app's, SQLAlchemy's statements and parameters, the Stripe library's, werkzeug's
access log of a real server on loopback), then the captured text is searched for each secret:
API keys created and rolled (API and dashboard), Stripe sk_/whsec_ keys, a webhook endpoint's
whsec_ secret, dashboard passwords (right, wrong and changed), widget session tokens.

The one exception is decided, not accidental: a portal link's token is its URL, so an access
log line for /portal/<token> carries it (as it carries every /r/<token> link, which is public
by design). It is valid for an hour; treat access logs as sensitive for that long (README)."""

import logging
import re
import threading

import pytest
from werkzeug.serving import make_server

from tests.support.dashboard import PASSWORD, csrf_of, log_in, make_user
from tests.support.payouts import earn_points, redeem
from tests.support.stripe import SECRET_KEY, WEBHOOK_SECRET, connect, deliver, event, payment_intent
from tests.support.webhooks import Receiver, add_endpoint
from tests.support.webhooks import deliver as deliver_webhooks
from tests.support.widget import mint_session, widget_headers
from tests.threads import join_all

NEW_PASSWORD = "a new long password for the log test"
WRONG_PASSWORD = "not the password, but secret too"


@pytest.fixture
def access_logged_server(app):
    """A real werkzeug server, whose access log goes through the `werkzeug` logger."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    join_all([thread], 60)
    server.server_close()


def get(url: str, headers: dict | None = None) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code


def shown_key(page) -> str:
    return re.search(r'value="((?:sk|pk)_test_\w+)"', page.get_data(as_text=True)).group(1)


def test_key_material_never_reaches_the_logs(app, client, clock, merchant, fake_stripe, caplog,
                                              access_logged_server):
    # SQLAlchemy sets its own loggers to WARNING; statements and parameters log at INFO.
    # (Root last: each call also sets the capturing handler's level.)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    caplog.set_level(logging.DEBUG)
    secrets = {"secret key": merchant.secret, "publishable key": merchant.publishable}

    # Stripe: connect, a signed event, a payout through the Stripe library.
    secrets |= {"stripe key": SECRET_KEY, "stripe webhook secret": WEBHOOK_SECRET}
    ana = earn_points(client, clock, merchant, "cus_ana")
    connect(client, merchant)
    assert deliver(client, merchant.id, event("payment_intent.succeeded", payment_intent()),
                   timestamp=int(clock.now().timestamp())).status_code == 200
    assert redeem(client, merchant, ana["id"]).status_code == 201

    # Outgoing webhooks: the endpoint's secret, used to sign a real delivery.
    receiver = Receiver(lambda n: 200)
    try:
        secrets["endpoint secret"] = add_endpoint(client, merchant, receiver.url)["secret"]
        client.post("/v1/promoters", json={"external_id": "cus_zed"},
                    headers=merchant.headers())
        assert deliver_webhooks(app) >= 1
    finally:
        receiver.close()

    # Tokens, over a real server with an access log: the widget's in a header, the portal's
    # in its URL.
    widget_token = mint_session(client, merchant, external_id="cus_wid")
    secrets["widget token"] = widget_token
    live = access_logged_server
    assert get(f"{live}/widget/v1/session",
               widget_headers(merchant.publishable, widget_token)) == 200
    assert get(f"{live}/v1/merchant", merchant.headers()) in (200, 401)
    portal = client.post(f"/v1/promoters/{ana['id']}/portal_sessions", json={},
                         headers=merchant.headers()).get_json()["url"]
    portal_token = portal.rsplit("/", 1)[1]
    assert get(f"{live}/portal/{portal_token}") == 200

    # Keys, last (rolling expires the key used above): the CLI, and the dashboard's create
    # and roll (each secret shown once).
    made = app.test_cli_runner().invoke(args=["create-key", merchant.id, "--kind", "secret"])
    secrets["cli key"] = re.search(r"sk_test_\w+", made.output).group(0)
    make_user(app, merchant.id, "owner@acme.example", "owner")
    assert log_in(app.test_client(), "owner@acme.example", WRONG_PASSWORD).status_code == 401
    owner = app.test_client()
    assert log_in(owner, "owner@acme.example").status_code == 302
    token = csrf_of(owner.get("/dashboard/developers"))
    secrets["dashboard key"] = shown_key(owner.post(
        "/dashboard/developers/keys", data={"kind": "secret", "mode": "test", "csrf_token": token}))
    secrets["rolled key"] = shown_key(owner.post(
        f"/dashboard/developers/keys/{merchant.secret_key_id}/roll",
        data={"grace_hours": "1", "csrf_token": token}))
    changed = owner.post("/dashboard/account", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD,
        "csrf_token": csrf_of(owner.get("/dashboard/account"))})
    assert changed.status_code in (200, 302)
    secrets |= {"password": PASSWORD, "new password": NEW_PASSWORD,
                "wrong password": WRONG_PASSWORD}

    logged = caplog.text
    assert "GET /widget/v1/session" in logged, "the access log was not captured"
    assert "INSERT INTO" in logged, "SQLAlchemy's statements were not captured"
    leaks = [name for name, secret in secrets.items() if secret in logged]
    assert leaks == []
    # The portal token appears in access-log request lines and nowhere else.
    for record in caplog.records:
        if portal_token in record.getMessage():
            assert record.name == "werkzeug" and "GET /portal/" in record.getMessage()
