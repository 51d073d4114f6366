"""DNS rebinding: in production a webhook host is resolved once, checked, and connected to at
exactly the checked address, with the host name kept for the Host header and TLS.

The resolver is the one part that cannot be real here (no public DNS to control), so
`fake_dns` answers for hooks.example, a different answer each time it is asked, the way a
rebinding attacker's name server would. `fake_network` carries a connection to the public
address to the loopback receiver (this machine reaches no public address) and records every
address a connection was opened to. Receivers are real HTTP(S) servers."""

import datetime
import json
import socket
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from core.events import pinned_http
from tests.support.dns import HOST, PUBLIC
from tests.support.referrals import enroll
from tests.support.webhooks import Receiver, add_endpoint, deliver, log_of


@pytest.fixture
def fake_network(monkeypatch):
    """socket.create_connection as the real one (a name is resolved, then connected to), but
    PUBLIC is routed to loopback; `opened` lists the addresses connected to."""
    real = socket.create_connection
    opened: list[str] = []

    def create_connection(address, timeout=None, source_address=None):
        host, port = address
        ip = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4][0]
        opened.append(ip)
        return real(("127.0.0.1" if ip == PUBLIC else ip, port), timeout, source_address)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return opened


@pytest.fixture
def receivers():
    started = []
    yield lambda **options: started.append(Receiver(**options)) or started[-1]
    for receiver in started:
        receiver.close()


def test_the_connection_goes_to_the_checked_address(app, client, merchant, receivers,
                                                    fake_dns, fake_network):
    """The attacker's DNS answers a public address for the check, then 127.0.0.1: Goodword
    asks once and connects to the public address it checked."""
    hooks = receivers()
    add_endpoint(client, merchant, f"http://{HOST}:{hooks.port}/hooks")
    enroll(client, merchant)
    fake_dns.answers = [[PUBLIC], ["127.0.0.1"]]
    assert deliver(app, production=True) == 1
    assert fake_network == [PUBLIC]
    assert fake_dns.asked == 1
    ((headers, body),) = hooks.requests
    assert headers["Host"] == f"{HOST}:{hooks.port}"
    assert json.loads(body)["type"] == "promoter.created"


@pytest.mark.parametrize("answer", [["10.0.0.5"], [PUBLIC, "127.0.0.1"], ["169.254.169.254"]])
def test_a_host_resolving_to_a_private_address_is_refused(app, client, merchant, receivers,
                                                          fake_dns, fake_network, answer):
    hooks = receivers()
    endpoint = add_endpoint(client, merchant, f"http://{HOST}:{hooks.port}/hooks")
    enroll(client, merchant)
    fake_dns.answers = [answer]
    assert deliver(app, production=True) == 1
    assert fake_network == [] and hooks.requests == []
    (logged,) = log_of(client, merchant, endpoint["id"])
    assert (logged["status"], logged["last_status_code"]) == ("pending", None)
    assert "private or reserved address" in logged["last_error"]


def certificate_for(name: str, tmp_path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A test CA and a server certificate for `name`: (server context, client context)."""
    now = datetime.datetime.now(datetime.UTC)

    def issue(subject, key, issuer, issuer_key, *extensions):
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1)))
        for extension, critical in extensions:
            builder = builder.add_extension(extension, critical=critical)
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Goodword test CA")])
    ca = issue(ca_name, ca_key, ca_name, ca_key,
               (x509.BasicConstraints(ca=True, path_length=None), True))
    leaf = issue(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]), key, ca_name,
                 ca_key, (x509.SubjectAlternativeName([x509.DNSName(name)]), False))
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(tmp_path / "leaf.pem", tmp_path / "key.pem")
    return server, ssl.create_default_context(cafile=str(tmp_path / "ca.pem"))


@pytest.mark.parametrize("certificate_name,delivered", [(HOST, True), ("other.example", False)])
def test_tls_to_the_pinned_address_still_checks_the_host_name(
        app, client, merchant, receivers, fake_dns, fake_network, monkeypatch, tmp_path,
        certificate_name, delivered):
    """Pinned to an IP, the TLS handshake still sends the host name (SNI) and verifies the
    certificate against it: a certificate for another name is refused."""
    server_tls, client_tls = certificate_for(certificate_name, tmp_path)
    server_names = []
    server_tls.sni_callback = lambda sock, name, context: server_names.append(name)
    monkeypatch.setattr(pinned_http, "tls_context", lambda: client_tls)
    hooks = receivers(tls=server_tls)
    endpoint = add_endpoint(client, merchant, f"https://{HOST}:{hooks.port}/hooks")
    enroll(client, merchant)
    fake_dns.answers = [[PUBLIC], ["127.0.0.1"]]
    assert deliver(app, production=True) == 1
    assert fake_network == [PUBLIC] and server_names == [HOST]
    (logged,) = log_of(client, merchant, endpoint["id"])
    if delivered:
        assert logged["status"] == "succeeded"
        assert hooks.requests[0][0]["Host"] == f"{HOST}:{hooks.port}"
    else:
        assert logged["status"] == "pending" and hooks.requests == []
        assert "certificate" in logged["last_error"].lower()
