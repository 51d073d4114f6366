"""Receivers verify deliveries with the official `standardwebhooks` library, unchanged: the
webhook-id, webhook-timestamp and webhook-signature headers per the Standard Webhooks spec,
beside Goodword-Signature. Receivers are real HTTP servers on loopback."""

import base64
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from core.db import db
from core.events import standard_signature
from core.events.models import WebhookEndpoint
from core.merchants.credentials import seal

from .test_referrals import enroll
from .test_webhooks import README, readme_verify
from .webhook_support import Receiver, add_endpoint, deliver


class VerifyingReceiver:
    """Answers 204 to what `Webhook(secret).verify` accepts, 400 to the rest, the way a
    merchant's receiver built on the library would."""

    def __init__(self):
        self.secret: str | None = None
        self.verified: list[dict] = []
        self.refused: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                try:
                    receiver.verified.append(Webhook(receiver.secret).verify(
                        body, dict(self.headers)))
                    status = 204
                except WebhookVerificationError as refused:
                    receiver.refused.append(str(refused))
                    status = 400
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def verifying():
    receiver = VerifyingReceiver()
    yield receiver
    receiver.close()


def test_the_standardwebhooks_library_verifies_every_delivery(app, client, merchant, verifying):
    """New secrets are whsec_ + standard base64. Across a rotation with a grace period (two
    signatures in one header) the library accepts every delivery with either secret."""
    endpoint = add_endpoint(client, merchant, verifying.url)
    assert base64.b64decode(endpoint["secret"].removeprefix("whsec_"), validate=True)
    verifying.secret = endpoint["secret"]
    ana = enroll(client, merchant)
    assert deliver(app) == 1
    rotated = client.post(f"/v1/webhook_endpoints/{endpoint['id']}/rotate_secret",
                          json={"previous_secret_expires_in": 3600},
                          headers=merchant.headers()).get_json()
    enroll(client, merchant, external_id="cus_second")
    assert deliver(app) == 1  # still verified with the old secret, in its grace period
    verifying.secret = rotated["secret"]
    enroll(client, merchant, external_id="cus_third")
    assert deliver(app) == 1  # and with the new one
    assert verifying.refused == []
    assert [event["type"] for event in verifying.verified] == ["promoter.created"] * 3
    assert verifying.verified[0]["data"]["promoter"] == ana["id"]


def test_the_readme_snippet_verifies_a_real_delivery(app, client, merchant):
    """The README's `standardwebhooks` example, run as a merchant would paste it."""
    snippet = re.search(r"```python\n(# verify-standard-webhooks.*?)```", README.read_text(),
                        re.S)
    assert snippet, "the README has no Standard Webhooks snippet"
    namespace: dict = {}
    exec(snippet.group(1), namespace)
    hooks = Receiver()
    try:
        endpoint = add_endpoint(client, merchant, hooks.url)
        ana = enroll(client, merchant)
        assert deliver(app) == 1
        ((headers, body),) = hooks.requests
    finally:
        hooks.close()
    verify = namespace["verify"]
    assert verify(body, headers, endpoint["secret"])["data"]["promoter"] == ana["id"]
    assert verify(body + b" ", headers, endpoint["secret"]) is None
    assert verify(body, headers, standard_signature.new_signing_secret()) is None


def test_a_wrong_secret_or_a_changed_body_is_refused_by_the_library(app, client, merchant,
                                                                    verifying):
    endpoint = add_endpoint(client, merchant, verifying.url)
    verifying.secret = standard_signature.new_signing_secret()  # someone else's
    enroll(client, merchant)
    deliver(app)
    assert verifying.verified == [] and verifying.refused == ["No matching signature found"]
    secret = endpoint["secret"]
    headers = standard_signature.headers(message_id="evt_1", timestamp=int(time.time()),
                                         body=b'{"a":1}', secrets=(secret,))
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(b'{"a":2}', headers)
    assert Webhook(secret).verify(b'{"a":1}', headers) == {"a": 1}


def test_an_older_url_safe_secret_signs_both_schemes(app, client, merchant):
    """Secrets made before Standard Webhooks (URL-safe base64, no padding) keep working with
    Goodword-Signature unchanged; for the library, re-encode them (as the docs show)."""
    old_secret = "whsec_" + "-_" * 21 + "A"  # URL-safe characters, as token_urlsafe(32) made
    plain = Receiver()
    try:
        endpoint = add_endpoint(client, merchant, plain.url)
        _set_secret(app, endpoint["id"], old_secret)
        enroll(client, merchant)
        assert deliver(app) == 1
        ((headers, body),) = plain.requests
    finally:
        plain.close()
    assert readme_verify()(body, headers["Goodword-Signature"], old_secret) is True
    key = base64.urlsafe_b64decode(old_secret.removeprefix("whsec_") + "=")
    reencoded = "whsec_" + base64.b64encode(key).decode()
    assert Webhook(reencoded).verify(body, headers)["id"] == json.loads(body)["id"]


def _set_secret(app, endpoint_id: str, secret: str) -> None:
    with app.app_context():
        row = db.session.get(WebhookEndpoint, endpoint_id)
        row.secret_sealed = seal(secret, secrets=app.config["CREDENTIALS_SECRETS"])
        db.session.commit()
        db.session.remove()
