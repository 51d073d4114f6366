"""The loyalty side of the demo: a welcome and a birthday gift, two catalog rewards, and a few
members with points to spend, so `make demo` shows the catalog, the portal and the Loyalty page.

Seeded once: a demo merchant with a catalog already is left as it is (seed-demo runs again on
every `make demo`)."""

from datetime import datetime

from sqlalchemy.orm import Session

from core.merchants.models import Merchant
from referrals.promoters import service as promoters_service
from rewards.catalog import service as catalog
from rewards.catalog.service import RewardTerms
from rewards.earning import maturation
from rewards.program import rule_definitions

# (name, trigger, points): paid at once (no hold), so the demo's members can spend them.
LOYALTY_RULES = (("Welcome to the club", "member.joined", 600),
                 ("Birthday gift", "member.birthday", 250))
CATALOG = (
    RewardTerms(name="$5 off your next order", kind="amount_coupon", points_cost=500,
                amount=500),
    RewardTerms(name="Free tote bag", kind="free_product", points_cost=800, product="Tote bag",
                description="Our canvas tote, with your next order.", per_member_limit=1),
)
MEMBERS = (("demo-member-lena", "Lena", "lena@example.com"),
           ("demo-member-omar", "Omar", "omar@example.com"),
           ("demo-member-yuki", "Yuki", "yuki@example.com"))


def seed_loyalty(session: Session, *, merchant: Merchant, now: datetime) -> None:
    if catalog.list_rewards(session, merchant_id=merchant.id):
        return
    for name, trigger, points in LOYALTY_RULES:
        rule_definitions.create_rule(
            session, merchant_id=merchant.id, trigger=trigger, now=now,
            definition={"name": name, "beneficiary": "customer", "hold_days": 0,
                        "reward_type": "fixed_points", "reward_value": points})
    for terms in CATALOG:
        catalog.create_reward(session, merchant=merchant, terms=terms, now=now)
    # Lena's birthday is today: the worker's daily job celebrates it on its first run.
    birthday = f"{now.month:02d}-{now.day:02d}"
    for index, (external_id, name, email) in enumerate(MEMBERS):
        promoters_service.join_program(
            session, merchant_id=merchant.id, now=now, external_id=external_id, name=name,
            email=email, birthday=birthday if index == 0 else None)
    maturation.mature_due(session, now=now)
