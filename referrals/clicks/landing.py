"""Where a click lands: the merchant's shop, or a page of it the link asked for, never elsewhere.

Anyone can append `?to=` to a genuine referral link, so the requested page is attacker input and
Goodword would be an open redirect if it trusted it. Only an absolute http(s) URL whose host is
one of the merchant's allowed domains is honoured; everything else (scheme-relative `//host`,
backslashes that browsers read as slashes, userinfo tricks, control characters, other schemes)
falls back to the merchant's configured shop URL.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from core.merchants.domains import host_is_allowed
from referrals.errors import LandingInvalid

CLICK_PARAMETER = "gw_click"
MAX_URL_LENGTH = 2048


def landing_url(requested: str | None, *, shop_url: str, allowed_domains: list[str]) -> str:
    """`requested` if it is a page on one of the merchant's domains, else the shop's home."""
    if requested and _is_allowed(requested, allowed_domains):
        return urlsplit(requested).geturl()
    return shop_url


def check_requested(requested: str | None) -> None:
    """Refuse a requested page that cannot even be parsed (`http://[x]/`), before the click is
    recorded: a page on no domain at all is a broken link to fix, not a click to count."""
    if not requested:
        return
    try:
        urlsplit(requested)
    except ValueError:
        raise LandingInvalid("The page in `to` is not a URL.", param="to") from None


def with_click_id(url: str, click_id: str) -> str:
    """`url` with the click id in its query, for the storefront to keep until signup.

    Any gw_click already in the requested page is dropped first: otherwise a promoter could
    wrap someone else's link with `?to=...?gw_click=<their own click>` and, with storefronts
    that read the first value, take the credit.
    """
    if "?" not in url and "#" not in url:  # the shop's plain home page: most clicks
        return f"{url}?{CLICK_PARAMETER}={click_id}"
    parts = urlsplit(url)
    kept = [
        pair for pair in parse_qsl(parts.query, keep_blank_values=True)
        if pair[0] != CLICK_PARAMETER
    ]
    query = urlencode([*kept, (CLICK_PARAMETER, click_id)])
    return urlunsplit(parts._replace(query=query))


def _is_allowed(url: str, allowed_domains: list[str]) -> bool:
    if len(url) > MAX_URL_LENGTH:
        return False
    # Browsers silently drop tabs and newlines and treat "\" like "/"; Python's parser does not
    # agree on every case, so any such character refuses the URL rather than being interpreted.
    if any(ord(ch) <= 0x20 or ord(ch) >= 0x7F or ch == "\\" for ch in url):
        return False
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    if "@" in parts.netloc:  # userinfo: https://shop.example@evil.example/ goes to evil
        return False
    try:
        parts.port  # noqa: B018 -- raises on a malformed port such as ":evil.example"
    except ValueError:
        return False
    return host_is_allowed(parts.hostname, allowed_domains)
