"""Evidence: what a friend's signup and a promoter's own visits tell about the device and
network behind them, kept so the risk signals (referrals.signups.risk) can compare the two.

Addresses are never stored: only keyed hashes of the address and of its network (the /24 of
an IPv4 address, the /64 of an IPv6 one: one household, office or small cloud block), so two
sightings compare equal without the address being recoverable.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.ids import new_id
from referrals.clicks.models import Click
from referrals.clicks.service import hash_ip
from referrals.promoters.evidence_models import PromoterEvidence
from referrals.promoters.models import Promoter

MAX_USER_AGENT = 512
MAX_DEVICE_ID = 64


@dataclass(frozen=True)
class Sighting:
    """One look at a browser: any part may be unknown."""

    visitor_id: str | None = None
    device_id: str | None = None
    ip_hash: str | None = None
    network_hash: str | None = None
    user_agent: str | None = None
    # The keyed hash of a Stripe card fingerprint (card_hash_of) the person paid with.
    card_hash: str | None = None


def card_hash_of(fingerprint: str | None, *, secret: bytes) -> str | None:
    """The keyed hash of a Stripe card fingerprint, kept instead of the fingerprint itself."""
    return hash_ip(f"card:{fingerprint}", secret=secret) if fingerprint else None


def network_of(ip: str | None) -> str | None:
    """The /24 (IPv4) or /64 (IPv6) an address belongs to, as text; None when unreadable."""
    if not ip:
        return None
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def sighting(*, ip: str | None, secret: bytes, user_agent: str | None = None,
             device_id: str | None = None, visitor_id: str | None = None) -> Sighting:
    """The hashes of an address and its network, with the browser's other parts, clipped."""
    network = network_of(ip)
    return Sighting(
        visitor_id=visitor_id,
        device_id=(device_id or "")[:MAX_DEVICE_ID] or None,
        ip_hash=hash_ip(ip, secret=secret),
        network_hash=hash_ip(f"net:{network}", secret=secret) if network else None,
        user_agent=(user_agent or "").replace("\x00", "")[:MAX_USER_AGENT] or None,
    )


def remember_promoter(session: Session, *, promoter: Promoter, source: str, seen: Sighting,
                      now: datetime) -> None:
    """Keep a sighting of the promoter themself, once per distinct browser and address."""
    if not any((seen.visitor_id, seen.device_id, seen.ip_hash, seen.user_agent,
                seen.card_hash)):
        return
    known = session.scalar(select(PromoterEvidence.id).where(
        PromoterEvidence.promoter_id == promoter.id,
        _same(PromoterEvidence.visitor_id, seen.visitor_id),
        _same(PromoterEvidence.device_id, seen.device_id),
        _same(PromoterEvidence.ip_hash, seen.ip_hash),
        _same(PromoterEvidence.user_agent, seen.user_agent),
        _same(PromoterEvidence.card_hash, seen.card_hash),
    ).limit(1))
    if known is not None:
        return
    session.add(PromoterEvidence(
        id=new_id("evd"), merchant_id=promoter.merchant_id, promoter_id=promoter.id,
        source=source, visitor_id=seen.visitor_id, device_id=seen.device_id,
        ip_hash=seen.ip_hash, network_hash=seen.network_hash, user_agent=seen.user_agent,
        card_hash=seen.card_hash, created_at=now,
    ))
    session.flush()


def remember_customer(session: Session, *, merchant_id: str, external_id: str, source: str,
                      seen: Sighting, now: datetime) -> None:
    """As remember_promoter, for the promoter record of a customer named by the shop's id."""
    promoter = session.scalars(select(Promoter).where(
        Promoter.merchant_id == merchant_id, Promoter.external_id == external_id)).one_or_none()
    if promoter is not None:
        remember_promoter(session, promoter=promoter, source=source, seen=seen, now=now)


def _same(column: Any, value: str | None) -> Any:
    return column.is_(None) if value is None else column == value


def promoter_sightings(session: Session, *, promoter: Promoter) -> list[Sighting]:
    """Everything known of the promoter's own browsers: the kept sightings, the browser the
    portal remembered, and the clicks those browsers made on the promoter's own links."""
    rows = session.scalars(
        select(PromoterEvidence).where(PromoterEvidence.promoter_id == promoter.id)
        .order_by(PromoterEvidence.created_at.desc()).limit(50)
    ).all()
    seen = [Sighting(r.visitor_id, r.device_id, r.ip_hash, r.network_hash, r.user_agent,
                     r.card_hash) for r in rows]
    visitors = {s.visitor_id for s in seen if s.visitor_id} | (
        {promoter.visitor_id} if promoter.visitor_id else set())
    if promoter.visitor_id:
        seen.append(Sighting(visitor_id=promoter.visitor_id))
    if visitors:
        own_clicks = session.execute(
            select(Click.visitor_id, Click.ip_hash, Click.user_agent).where(
                Click.promoter_id == promoter.id, Click.visitor_id.in_(sorted(visitors)))
            .limit(50)
        ).all()
        seen += [Sighting(visitor_id=v, ip_hash=ip, user_agent=ua) for v, ip, ua in own_clicks]
    return seen
