"""Risk on an order credited to a promoter: the signals a signup is judged by that make sense at
a checkout (referrals.signups.risk.conversion_signals), and the order's own, against the same
score and the merchant's same thresholds.

The order's own signals: the buyer's referral is held for review or was rejected, the buyer
was a customer before the credit, and the device or card already paid for another buyer
credited to this promoter this week (one wallet behind many accounts).

Orders that share a device id or a card are judged one after another (an advisory lock on
each, held until commit), and a card kept as a promoter's own waits for them too: five accounts
paying with one card at once are judged as they would be one by one. Orders with neither take
no lock, so a promoter's sale with her code on every order is not queued behind one lock.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.advisory_locks import lock_keys
from referrals.clicks.models import Click
from referrals.promoters.models import Promoter
from referrals.signups import risk
from referrals.signups.fraud import Signup, risk_score, settings_for, verdict
from referrals.signups.models import Referral
from rewards.orders.models import Order
from rewards.orders.service import BuyerEvidence

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Buyer:
    external_id: str
    email: str | None
    evidence: BuyerEvidence


@dataclass(frozen=True)
class OrderRisk:
    status: str  # approved, pending_review or rejected
    score: int
    reasons: tuple[dict[str, str], ...]


def lock_evidence(session: Session, *, merchant_id: str, device_id: str | None = None,
                  card_hash: str | None = None) -> None:
    """Wait for, then hold, the orders (and promoter card sightings) with this device or card."""
    lock_keys(session, [*([f"order-device:{merchant_id}:{device_id}"] if device_id else []),
                        *([f"order-card:{merchant_id}:{card_hash}"] if card_hash else [])])


def judge_order(session: Session, *, promoter: Promoter, buyer: Buyer,
                referral: Referral | None, click: Click | None, attributed_by: str,
                shop_domains: tuple[str, ...], now: datetime) -> OrderRisk:
    """The risk decision on crediting `promoter` with this order. `referral`: the buyer's
    referral by this promoter, whatever its status; `click`: the click that credits it."""
    seen = buyer.evidence
    lock_evidence(session, merchant_id=promoter.merchant_id, device_id=seen.device_id,
                  card_hash=seen.card_hash)
    order = Signup(
        merchant_id=promoter.merchant_id, promoter=promoter,
        referee_external_id=buyer.external_id, referee_email=buyer.email,
        ip_hash=seen.ip_hash or (click.ip_hash if click else None),
        visitor_id=click.visitor_id if click else None, click_id=click.id if click else None,
        user_agent=seen.user_agent or (click.user_agent if click else None),
        device_id=seen.device_id, network_hash=seen.network_hash, attributed_by=attributed_by,
        click_created_at=click.created_at if click else None,
        click_referrer=click.referrer if click else None, shop_domains=shop_domains,
        created_at=now, card_hash=seen.card_hash, conversion="order",
    )
    findings = risk.conversion_signals(
        session, signup=order, shared=risk.shared_network(session, signup=order, now=now))
    add = risk.collector(findings)
    if referral is not None and referral.status == "pending_review":
        add("referral_under_review", f"The buyer's referral ({referral.id}) is held for "
            "review: the order's rewards wait for that decision.")
    elif referral is not None and referral.status == "rejected":
        add("referral_rejected", f"The buyer's referral by this promoter ({referral.id}) was "
            "rejected.")
    if attributed_by != "referral":  # a referral's signup was checked for this already
        _existing_customer(session, order, promoter, click, now, add)
    _reused_wallet(session, order, buyer.external_id, now, add)
    if not findings:  # an honest order spends no statement on the merchant's settings
        return OrderRisk("approved", 0, ())
    settings = settings_for(session, merchant_id=promoter.merchant_id)
    status = verdict(findings, settings)
    # A held or rejected referral decides at least as much for its orders.
    if referral is not None and referral.status == "rejected":
        status = "rejected"
    elif referral is not None and referral.status == "pending_review" and status == "approved":
        status = "pending_review"
    score = risk_score(findings)
    reasons = [{"code": finding.code, "message": finding.message} for finding in findings]
    if status == "rejected":
        reasons.append({"code": "credit_rejected", "message": (
            f"Not credited to {promoter.id}: a risk score of {score} (reject at "
            f"{settings.reject_score}), so no referral reward is paid.")})
    return OrderRisk(status, score, tuple(reasons))


def _existing_customer(session: Session, order: Signup, promoter: Promoter, click: Click | None,
                       now: datetime, add: risk.Add) -> None:
    """The buyer ordered from the shop before the promoter's credit began (the click, or their
    first order credited to this promoter), under another promoter's credit or nobody's. One
    statement: every credited order asks it."""
    mine = (Order.merchant_id == order.merchant_id,
            Order.customer_external_id == order.referee_external_id)
    first_credit = select(func.min(Order.created_at)).where(
        *mine, Order.promoter_id == promoter.id).scalar_subquery()
    since = click.created_at if click is not None and click.created_at < now else now
    earlier = session.execute(
        select(Order.id, Order.created_at).where(
            *mine, Order.created_at < since,
            or_(first_credit.is_(None), Order.created_at < first_credit),
            or_(Order.promoter_id.is_(None), Order.promoter_id != promoter.id),
        ).order_by(Order.created_at).limit(1)).first()
    if earlier is not None:
        add("existing_customer", f"The buyer has been a customer since "
            f"{earlier.created_at:%Y-%m-%d} (order {earlier.id}), before this promoter's "
            "credit.")


def _reused_wallet(session: Session, order: Signup, buyer_external_id: str, now: datetime,
                   add: risk.Add) -> None:
    """The device or card already paid for other buyers credited to this promoter this week."""
    if not (order.device_id or order.card_hash):
        return
    rows = session.execute(
        select(Order.customer_external_id, Order.device_id, Order.card_hash).where(
            Order.merchant_id == order.merchant_id, Order.promoter_id == order.promoter.id,
            Order.created_at > now - WEEK, Order.customer_external_id != buyer_external_id,
            or_(*([Order.device_id == order.device_id] if order.device_id else []),
                *([Order.card_hash == order.card_hash] if order.card_hash else [])),
        ).limit(200)).all()
    devices = {r.customer_external_id for r in rows
               if order.device_id and r.device_id == order.device_id}
    cards = {r.customer_external_id for r in rows
             if order.card_hash and r.card_hash == order.card_hash}
    if devices:
        add("device_reused", f"This device already ordered for {len(devices)} other buyer"
            f"{'s' if len(devices) > 1 else ''} credited to this promoter this week.",
            min(100, 50 * len(devices)))
    if cards:
        add("card_reused", f"This card already paid for {len(cards)} other buyer"
            f"{'s' if len(cards) > 1 else ''} credited to this promoter this week.",
            min(100, 50 * len(cards)))
