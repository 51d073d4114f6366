"""HTTP connections for webhook POSTs that go exactly where the address check said, and end
when the request's deadline passes (core.events.deadline).

In production the host is resolved once, every address it gave is checked (nothing outside the
public unicast internet: core.events.special_addresses), and the connection is opened to the
checked addresses in the resolver's order, the next one tried when one refuses, within the
time left. The URL's host name still goes in the Host header and, for https, in the TLS SNI and
the certificate check. A second resolution (which a DNS-rebinding attacker could answer with
127.0.0.1 or a cloud metadata address) never happens. Outside production names resolve the
ordinary way, because test and demo receivers live on loopback.
"""

import http.client
import socket
import ssl
from urllib.parse import SplitResult

from core.events.deadline import Deadline
from core.events.endpoints import public_addresses


def tls_context() -> ssl.SSLContext:
    """Certificate and host name verified against the system's trust store."""
    return ssl.create_default_context()


class _HTTPSConnection(http.client.HTTPSConnection):
    """The TLS handshake done in two steps, so the deadline watches the TLS socket before the
    handshake starts (a receiver can trickle its handshake as well as its answer)."""

    deadline: Deadline

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)
        # typeshed leaves out HTTPSConnection's private _context (the one given to __init__).
        self.sock = self._context.wrap_socket(  # type: ignore[attr-defined]
            self.sock, server_hostname=self.host, do_handshake_on_connect=False)
        self.deadline.watch(self.sock)
        self.sock.do_handshake()


def _connect_within(connection: http.client.HTTPConnection, addresses: list[str] | None,
                    deadline: Deadline) -> None:
    # http.client opens its socket through this attribute (connect() calls it with
    # (host, port)); replacing it is the module's own seam for choosing where to connect.
    def connect(host_and_port: tuple[str, int], timeout: float | None,
                source_address: tuple[str, int] | None = None) -> socket.socket:
        failures: list[str] = []
        for address in addresses or [host_and_port[0]]:
            time_left = deadline.remaining()
            try:
                sock = socket.create_connection((address, host_and_port[1]), time_left,
                                                source_address)
            except OSError as refused:
                # Its text only: the exception's traceback would keep this frame, and the
                # socket opened next, alive after the connection closes it.
                failures.append(f"{address}: {refused}")
                continue
            deadline.watch(sock)
            return sock
        raise OSError("; ".join(failures) or "no address to connect to")

    # typeshed leaves the private attribute out.
    connection._create_connection = connect  # type: ignore[attr-defined]


def open_connection(parts: SplitResult, *, production: bool,
                    deadline: Deadline) -> http.client.HTTPConnection:
    """A connection (not yet opened) for an http(s) URL; raises WebhookUrlRefused when the
    host resolves to an address it may not reach in production, ValueError for a bad URL."""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {parts.geturl()!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = _HTTPSConnection(parts.hostname, port, timeout=deadline.seconds,
                                      context=tls_context())
        connection.deadline = deadline
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=deadline.seconds)
    addresses = public_addresses(parts.hostname, port) if production else None
    _connect_within(connection, addresses, deadline)
    return connection


def request_target(parts: SplitResult) -> str:
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
