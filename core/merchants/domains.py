"""Shop domains a merchant allows as redirect targets, and the check every redirect goes through."""

import ipaddress
import re
from urllib.parse import urlsplit

from core.errors import InvalidInput

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalise_domain(domain: str) -> str:
    """Lower-case, IDNA-encoded hostname, optionally `*.`-prefixed; anything else is refused."""
    candidate = domain.strip().lower().rstrip(".")
    wildcard = candidate.startswith("*.")
    host = candidate[2:] if wildcard else candidate
    try:
        host = host.encode("idna").decode("ascii")
        host.encode("ascii").decode("idna")  # refuses malformed punycode such as "xn--zz"
    except UnicodeError as exc:
        raise InvalidInput(f"{domain!r} is not a hostname.", param="allowed_domains") from exc
    if _is_ip(host):
        if wildcard:
            raise InvalidInput("An IP address cannot take a wildcard.", param="allowed_domains")
        return host
    labels = host.split(".")
    if not all(_LABEL.match(label) for label in labels) or len(host) > 253:
        raise InvalidInput(
            f"{domain!r} is not a hostname: give a bare host like shop.example.com, "
            "without scheme, port or path.",
            param="allowed_domains",
        )
    if wildcard and len(labels) < 2:
        raise InvalidInput(
            "A wildcard needs a registered domain under it.", param="allowed_domains"
        )
    return ("*." if wildcard else "") + host


def host_is_allowed(host: str | None, allowed_domains: list[str]) -> bool:
    """Exact hostname match, or a strict subdomain of a `*.` entry. Never a suffix trick."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    for domain in allowed_domains:
        if domain.startswith("*."):
            if host.endswith("." + domain[2:]):
                return True
        elif host == domain:
            return True
    return False


def check_shop_url(shop_url: str, allowed_domains: list[str]) -> str:
    parts = urlsplit(shop_url.strip())
    try:
        parts.port  # noqa: B018 -- raises on a port out of range or not a number
    except ValueError:
        parts = parts._replace(scheme="")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput("shop_url must be an absolute http(s) URL.", param="shop_url")
    if not host_is_allowed(parts.hostname, allowed_domains):
        raise InvalidInput(
            f"shop_url's host {parts.hostname!r} is not in allowed_domains.", param="shop_url"
        )
    return parts.geturl()


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
