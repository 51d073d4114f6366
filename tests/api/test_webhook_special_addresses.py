"""SSRF: a production webhook URL never reaches an address outside the public unicast
internet, NAT64 and 6to4 prefixes (which embed an IPv4 address such as 127.0.0.1) and the
other IANA special-purpose ranges included; every resolved address is checked, and the
connection goes only to checked ones, the next one tried when one refuses."""

import json
import socket

import pytest

from core.events.endpoints import WebhookUrlRefused, check_url
from core.events.special_addresses import is_refused

from .test_errors import error_of
from .test_referrals import enroll
from .test_webhook_rebinding import HOST, PUBLIC, fake_dns  # noqa: F401 (a fixture)
from .test_webhooks import log_of
from .webhook_support import Receiver, add_endpoint, deliver

REFUSED = [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254, the cloud metadata service
    "64:ff9b:1::a00:1",  # local-use NAT64
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of the metadata service
    "192.88.99.1",  # 6to4 relay anycast
    "192.0.0.9", "192.31.196.1", "192.52.193.1", "192.175.48.1",  # IANA, "globally reachable"
    "2001:1::1", "2001:3::1", "2620:4f:8000::1", "3fff::1", "5f00::1", "100:0:0:1::1",
    "::ffff:127.0.0.1", "::ffff:a9fe:a9fe", "::127.0.0.1", "2001::1", "fe80::1%1",
    "100.64.0.1", "198.18.0.1", "240.0.0.1", "255.255.255.255", "224.0.0.1", "ff02::1",
]


def url_for(address: str) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"https://{host}/hooks"


@pytest.mark.parametrize("address", REFUSED)
def test_a_special_purpose_address_is_refused(address):
    assert is_refused(address)
    with pytest.raises(WebhookUrlRefused):
        check_url(url_for(address.split("%")[0]), production=True)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"])
def test_public_addresses_pass(address):
    assert not is_refused(address)


@pytest.mark.parametrize("address", [
    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "192.88.99.1", "64:ff9b:1::1"])
def test_the_issues_addresses_cannot_be_saved_as_production_webhook_urls(
        app, client, merchant, monkeypatch, address):
    """Created or changed through the API, in production: 400 webhook_url_refused, nothing
    saved."""
    endpoint = add_endpoint(client, merchant, "http://127.0.0.1:9/hooks")
    monkeypatch.setitem(app.config, "GOODWORD_ENV", "production")
    created = client.post("/v1/webhook_endpoints",
                          json={"url": url_for(address), "enabled_events": ["*"]},
                          headers=merchant.headers())
    changed = client.patch(f"/v1/webhook_endpoints/{endpoint['id']}",
                           json={"url": url_for(address)}, headers=merchant.headers())
    for response in (created, changed):
        assert response.status_code == 400
        assert (error_of(response)["code"], error_of(response)["param"]) == (
            "webhook_url_refused", "url")
    listed = client.get("/v1/webhook_endpoints", headers=merchant.headers()).get_json()["data"]
    assert [row["url"] for row in listed] == ["http://127.0.0.1:9/hooks"]


def test_a_name_with_one_nat64_address_among_public_ones_is_refused(
        app, client, merchant, fake_dns):  # noqa: F811
    add_endpoint(client, merchant, f"http://{HOST}:9/hooks")
    fake_dns.answers = [[PUBLIC, "64:ff9b::7f00:1"]]
    with pytest.raises(WebhookUrlRefused):
        check_url(f"https://{HOST}/hooks", production=True)


DEAD = "93.184.216.35"  # public, and refusing connections


@pytest.fixture
def routed(monkeypatch):
    """PUBLIC is carried to loopback, DEAD refuses; `opened` lists the addresses tried."""
    real = socket.create_connection
    opened: list[str] = []

    def create_connection(address, timeout=None, source_address=None):
        opened.append(address[0])
        if address[0] == DEAD:
            raise ConnectionRefusedError(111, "Connection refused")
        assert address[0] == PUBLIC, "connected to an address nobody checked"
        return real(("127.0.0.1", address[1]), timeout, source_address)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return opened


def test_every_checked_address_is_tried_in_turn(app, client, merchant, fake_dns,  # noqa: F811
                                                routed):
    hooks = Receiver()
    try:
        endpoint = add_endpoint(client, merchant, f"http://{HOST}:{hooks.port}/hooks")
        enroll(client, merchant)
        fake_dns.answers = [[DEAD, PUBLIC], ["127.0.0.1"]]
        assert deliver(app, production=True) == 1
        assert routed == [DEAD, PUBLIC] and fake_dns.asked == 1
        ((_, body),) = hooks.requests
        assert json.loads(body)["type"] == "promoter.created"
        (logged,) = log_of(client, merchant, endpoint["id"])
        assert logged["status"] == "succeeded"
    finally:
        hooks.close()
