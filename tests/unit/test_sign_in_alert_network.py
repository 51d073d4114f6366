"""A sign-in alert names the network a guess came from, never the address."""

import pytest

from core.users.sign_in_alerts import network_of


@pytest.mark.parametrize(("address", "network"), [
    ("198.51.100.7", "198.51.x.x"),
    ("::ffff:198.51.100.7", "198.51.x.x"),
    ("2001:db8:5:7::1", "2001:db8::/32"),
    ("not an address", "an unknown network"),
])
def test_an_alert_names_the_network_not_the_address(address, network):
    assert network_of(address) == network
