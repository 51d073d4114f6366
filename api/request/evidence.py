"""The promoter's and the friend's evidence as the API receives it: from the request itself
(the portal, the widget: the promoter's own browser) or from fields the shop's server sends
(`ip`, `user_agent`, `device_id` on enrolments and orders)."""

import marshmallow as ma
from flask import request

from api.request.context import ip_hash_secret, now
from core.db import db
from referrals.promoters import evidence
from rewards.orders.service import BuyerEvidence


def fields() -> tuple[ma.fields.Field, ma.fields.Field, ma.fields.Field]:
    """`ip`, `user_agent` and `device_id` for a write schema: the person's, as the shop saw
    them."""
    return (
        ma.fields.IP(metadata={"description": "their IP address; stored only hashed"}),
        ma.fields.String(validate=ma.validate.Length(max=2048),
                         metadata={"description": "their browser (User-Agent header)"}),
        ma.fields.String(validate=ma.validate.Length(min=1, max=64),
                         metadata={"description": "the first-party device id the shop keeps "
                                   "for the browser"}),
    )


def from_fields(values: dict) -> evidence.Sighting | None:
    """Pop the evidence fields out of a loaded body; None when none was sent."""
    ip, user_agent, device_id = (values.pop(name, None)
                                 for name in ("ip", "user_agent", "device_id"))
    if not (ip or user_agent or device_id):
        return None
    return evidence.sighting(ip=str(ip) if ip else None, secret=ip_hash_secret(),
                             user_agent=user_agent, device_id=device_id)


def buyer_evidence(seen: evidence.Sighting | None) -> BuyerEvidence | None:
    """A buyer's sighting as an order keeps it."""
    if seen is None:
        return None
    return BuyerEvidence(ip_hash=seen.ip_hash, network_hash=seen.network_hash,
                         user_agent=seen.user_agent, device_id=seen.device_id,
                         card_hash=seen.card_hash)


def from_request(visitor_id: str | None = None) -> evidence.Sighting:
    """The browser making this request (the promoter's own: portal, widget)."""
    return evidence.sighting(ip=request.remote_addr, secret=ip_hash_secret(),
                             user_agent=request.headers.get("User-Agent"),
                             visitor_id=visitor_id)


def remember(promoter, source: str, seen: evidence.Sighting | None) -> None:
    if seen is not None:
        evidence.remember_promoter(db.session, promoter=promoter, source=source, seen=seen,
                                   now=now())


def remember_customer(merchant_id: str, external_id: str, seen: evidence.Sighting | None
                      ) -> None:
    """The buyer of an order is a promoter too: their browser is their own evidence."""
    if seen is not None:
        evidence.remember_customer(db.session, merchant_id=merchant_id, external_id=external_id,
                                   source="order", seen=seen, now=now())
