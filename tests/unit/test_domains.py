"""The redirect allow-list: exact hosts and `*.` subdomains, and no suffix or encoding tricks."""

import pytest

from core.errors import InvalidInput
from core.merchants.domains import check_shop_url, host_is_allowed, normalise_domain

ALLOWED = ["shop.acme.example", "*.acme.store"]


@pytest.mark.parametrize(
    "host",
    ["shop.acme.example", "SHOP.ACME.EXAMPLE", "shop.acme.example.", "eu.acme.store",
     "a.b.acme.store"],
)
def test_allowed_hosts(host):
    assert host_is_allowed(host, ALLOWED)


@pytest.mark.parametrize(
    "host",
    ["shop.acme.example.evil.com", "evilshop.acme.example", "acme.store", "evilacme.store",
     "acme.store.evil.com", "", None, "shop.acme.example%2eevil.com"],
)
def test_refused_hosts(host):
    assert not host_is_allowed(host, ALLOWED)


@pytest.mark.parametrize(
    ("given", "stored"),
    [(" Shop.Acme.Example. ", "shop.acme.example"), ("*.Acme.Store", "*.acme.store"),
     ("bücher.example", "xn--bcher-kva.example"), ("127.0.0.1", "127.0.0.1"),
     ("localhost", "localhost")],
)
def test_domains_are_normalised(given, stored):
    assert normalise_domain(given) == stored


@pytest.mark.parametrize(
    "given",
    ["https://shop.example", "shop.example/x", "shop.example:8080", "*.com", "*", "a..b",
     "-x.example", "*.127.0.0.1", "x" * 64 + ".example", "shop example", "xn--zz",
     "xn--zz.example"],
)
def test_bad_domains_are_refused(given):
    with pytest.raises(InvalidInput):
        normalise_domain(given)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "//shop.acme.example/", "ftp://shop.acme.example/",
            "https://evil.example/", "https://shop.acme.example@evil.example/",
            "https://shop.acme.example:99999/", "https://shop.acme.example:http/"],
)
def test_shop_urls_off_the_allow_list_are_refused(url):
    with pytest.raises(InvalidInput):
        check_shop_url(url, ALLOWED)
