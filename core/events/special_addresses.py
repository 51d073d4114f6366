"""Addresses a webhook may never be sent to: everything outside the public unicast internet.

Python's `ipaddress.is_global` misses ranges (which ones depends on the Python version: 3.11
calls NAT64 and 6to4 global), and several special-purpose ranges are marked "globally
reachable" by IANA yet lead somewhere no merchant's receiver lives: a NAT64 or 6to4 prefix
embeds an IPv4 address (`64:ff9b::7f00:1` is 127.0.0.1 through a NAT64 gateway), relay and
anycast ranges reach shared infrastructure. So every entry of the IANA IPv4 and IPv6
Special-Purpose Address Registries is refused, whatever its "global" flag, plus multicast,
plus any IPv6 address outside global unicast (2000::/3).
"""

import ipaddress

# IANA IPv4 Special-Purpose Address Registry (and multicast, and the limited broadcast).
_IPV4 = (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24",
    "192.88.99.0/24", "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "255.255.255.255/32",
)
# IANA IPv6 Special-Purpose Address Registry (and multicast).
_IPV6 = (
    "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64",
    "100:0:0:1::/64", "2001::/23", "2001::/32", "2001:1::1/128", "2001:1::2/128",
    "2001:1::3/128", "2001:2::/48", "2001:3::/32", "2001:4:112::/48", "2001:10::/28",
    "2001:20::/28", "2001:30::/28", "2001:db8::/32", "2002::/16", "2620:4f:8000::/48",
    "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "ff00::/8",
)
SPECIAL_PURPOSE = tuple(ipaddress.ip_network(network) for network in _IPV4 + _IPV6)
GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")


def is_refused(address: str) -> bool:
    """True unless `address` (an IP literal, maybe with a %zone) is a public unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if not ip.is_global or ip.is_multicast:
        return True
    if ip.version == 6 and ip not in GLOBAL_UNICAST_V6:
        return True
    return any(ip in network for network in SPECIAL_PURPOSE if network.version == ip.version)
