"""Telling the owner of an account that someone keeps failing to sign in to it.

Each failure that reaches the account's limit, and each one after it (at most one per growing
delay), emits `user.sign_in_limited` to the merchant, and calls every registered alert hook:
the place an email to the person goes once Goodword sends email (issue 16), without this module
depending on how mail is sent.
"""

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.events import service as events_service
from core.users.models import MerchantUser


@dataclass(frozen=True)
class FailedSignIns:
    """What the owner is told: how many attempts in a row, and when the next one may come."""

    failed_attempts: int
    next_attempt_at: datetime
    # Where the attempt that reached the limit came from, coarsely (network_of).
    network: str = ""


def network_of(address: str) -> str:
    """The network an address belongs to, never the address itself: the first two octets of
    IPv4 ("203.0.x.x"), the first 32 bits of IPv6 ("2001:db8::/32")."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "an unknown network"
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    if isinstance(parsed, ipaddress.IPv4Address):
        first, second = str(parsed).split(".")[:2]
        return f"{first}.{second}.x.x"
    return str(ipaddress.IPv6Network(f"{parsed}/32", strict=False))


AlertHook = Callable[[Session, MerchantUser, FailedSignIns], None]
_hooks: list[AlertHook] = []


def add_hook(hook: AlertHook) -> None:
    """Call `hook` for every alert, in the alert's transaction (queue an email, say)."""
    if hook not in _hooks:
        _hooks.append(hook)


def remove_hook(hook: AlertHook) -> None:
    if hook in _hooks:
        _hooks.remove(hook)


def tell_owners(session: Session, *, email: str, failed: FailedSignIns, now: datetime) -> int:
    """Alert every merchant with an account under `email`; returns how many were told. An email
    with no account tells nobody (and the attempt was limited all the same)."""
    users = session.scalars(select(MerchantUser).where(MerchantUser.email == email)).all()
    for user in users:
        events_service.emit(session, merchant_id=user.merchant_id, type="user.sign_in_limited",
                            data={"user": user.id, "email": user.email,
                                  "failed_attempts": failed.failed_attempts,
                                  "next_attempt_at": failed.next_attempt_at}, now=now)
        for hook in list(_hooks):
            hook(session, user, failed)
    return len(users)
