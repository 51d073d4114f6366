"""HTTP connections for webhook POSTs that go exactly where the address check said.

In production the host is resolved once, every address it gave is checked (no private,
loopback, link-local or reserved ones), and the connection is opened to the first checked
address. The URL's host name still goes in the Host header and, for https, in the TLS SNI and
the certificate check. A second resolution (which a DNS-rebinding attacker could answer with
127.0.0.1 or a cloud metadata address) never happens. Outside production names resolve the
ordinary way, because test and demo receivers live on loopback.
"""

import http.client
import socket
import ssl
from urllib.parse import SplitResult

from core.events.endpoints import public_addresses


def tls_context() -> ssl.SSLContext:
    """Certificate and host name verified against the system's trust store."""
    return ssl.create_default_context()


def _pin(connection: http.client.HTTPConnection, address: str) -> None:
    # http.client opens its socket through this attribute (connect() calls it with
    # (host, port)); replacing it is the module's own seam for choosing where to connect.
    def connect_to_checked_address(host_and_port: tuple[str, int], timeout: float | None,
                                   source_address: tuple[str, int] | None = None
                                   ) -> socket.socket:
        return socket.create_connection((address, host_and_port[1]), timeout, source_address)

    # typeshed leaves the private attribute out.
    connection._create_connection = connect_to_checked_address  # type: ignore[attr-defined]


def open_connection(parts: SplitResult, *, production: bool,
                    timeout: float) -> http.client.HTTPConnection:
    """A connection (not yet opened) for an http(s) URL; raises WebhookUrlRefused when the
    host resolves to an address it may not reach in production, ValueError for a bad URL."""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {parts.geturl()!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, port, timeout=timeout,
                                                 context=tls_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)
    if production:
        _pin(connection, public_addresses(parts.hostname, port)[0])
    return connection


def request_target(parts: SplitResult) -> str:
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
