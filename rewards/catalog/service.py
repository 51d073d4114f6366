"""The merchant's rewards catalog: define rewards, upload code pools, and hand a code out once.

Redeeming a catalog reward is a redemption like any other (rewards.redemptions.service): the
points are held under the same guards, then the reward is fulfilled here. A pool's code is
taken with FOR UPDATE SKIP LOCKED: concurrent redemptions each take a different free code, and
none waits for another; when none is left, the redemption is refused and its hold rolled back.
"""

import re
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.db import insert_ignoring_twins
from core.ids import new_id
from core.merchants.models import Merchant
from rewards.catalog.models import AMOUNT_KINDS, CATALOG_KINDS, CatalogReward, RewardCode
from rewards.errors import CatalogRewardNotFound, CatalogRewardUnavailable, RuleInvalid

MAX_CODES_PER_UPLOAD = 10_000
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-.]{0,63}")
CHANGEABLE = ("name", "description", "points_cost", "per_member_limit", "active")


@dataclass(frozen=True)
class RewardTerms:
    """What a catalog reward is: its name, its cost in points, and what the member receives."""

    name: str
    kind: str
    points_cost: int
    description: str | None = None
    amount: int | None = None
    percent_off: int | None = None
    product: str | None = None
    per_member_limit: int | None = None


def create_reward(session: Session, *, merchant: Merchant, terms: RewardTerms,
                  now: datetime) -> CatalogReward:
    """A new catalog reward; an amount is in the merchant's currency."""
    _check_terms(terms)
    reward = CatalogReward(
        id=new_id("crw"), merchant_id=merchant.id, active=True, created_at=now,
        currency=merchant.currency if terms.kind in AMOUNT_KINDS else None,
        **{field.name: getattr(terms, field.name) for field in fields(terms)},
    )
    session.add(reward)
    session.flush()
    return reward


def update_reward(session: Session, *, merchant_id: str, reward_id: str,
                  changes: dict[str, Any]) -> CatalogReward:
    """Rename, reprice, limit, or turn a reward off (redemptions already made keep theirs)."""
    reward = get_reward(session, merchant_id=merchant_id, reward_id=reward_id)
    for name, value in changes.items():
        if name not in CHANGEABLE:
            raise RuleInvalid(f"{name} cannot be changed; create a new reward.", param=name)
        setattr(reward, name, value)
    session.flush()
    return reward


def list_rewards(session: Session, *, merchant_id: str, active_only: bool = False
                 ) -> list[CatalogReward]:
    """The catalog, cheapest first."""
    query = select(CatalogReward).where(CatalogReward.merchant_id == merchant_id)
    if active_only:
        query = query.where(CatalogReward.active.is_(True))
    return list(session.scalars(query.order_by(CatalogReward.points_cost, CatalogReward.id)))


def get_reward(session: Session, *, merchant_id: str, reward_id: str) -> CatalogReward:
    reward = session.get(CatalogReward, reward_id)
    if reward is None or reward.merchant_id != merchant_id:
        raise CatalogRewardNotFound(f"No such catalog reward: {reward_id!r}",
                                    param="catalog_reward")
    return reward


def add_codes(session: Session, *, merchant_id: str, reward_id: str, codes: list[str],
              now: datetime) -> int:
    """Upload codes to a code_pool reward; returns how many were new (a code already in the
    pool is left as it is, so uploading a file twice adds nothing)."""
    reward = get_reward(session, merchant_id=merchant_id, reward_id=reward_id)
    if reward.kind != "code_pool":
        raise RuleInvalid("Only a code_pool reward takes uploaded codes.", param="codes")
    cleaned = sorted({code.strip() for code in codes if code.strip()})
    if not cleaned or len(cleaned) > MAX_CODES_PER_UPLOAD:
        raise RuleInvalid(f"Upload between 1 and {MAX_CODES_PER_UPLOAD} codes.", param="codes")
    bad = next((code for code in cleaned if not _CODE.fullmatch(code)), None)
    if bad is not None:
        raise RuleInvalid(f"{bad[:70]!r} is not a code: letters, digits, '-', '_' and '.', "
                          "up to 64 characters.", param="codes")
    before = _count_codes(session, reward_id)
    session.execute(insert_ignoring_twins(session, RewardCode).values([
        {"merchant_id": merchant_id, "catalog_reward_id": reward_id, "code": code,
         "created_at": now} for code in cleaned]))
    return _count_codes(session, reward_id) - before


def codes_left(session: Session, *, merchant_id: str) -> dict[str, int]:
    """Free codes per code_pool reward of the merchant."""
    return {reward_id: count for reward_id, count in session.execute(
        select(RewardCode.catalog_reward_id, func.count())
        .where(RewardCode.merchant_id == merchant_id, RewardCode.redemption_id.is_(None))
        .group_by(RewardCode.catalog_reward_id))}


def check_redeemable(reward: CatalogReward, merchant: Merchant) -> None:
    """Refuse a reward that is off, or worth an amount in a currency the shop no longer uses."""
    if not reward.active:
        raise CatalogRewardUnavailable("This reward is not offered any more.",
                                       param="catalog_reward")
    if reward.currency is not None and reward.currency != merchant.currency:
        raise CatalogRewardUnavailable(
            f"This reward is worth {reward.currency}, but the shop now uses {merchant.currency}; "
            "the merchant must define it again.", code="currency_mismatch",
            param="catalog_reward")


def claim_code(session: Session, *, reward: CatalogReward, redemption_id: str,
               now: datetime) -> str:
    """Take one free code of the pool for the redemption: each code is handed out once, to
    one redemption, however many redeem at the same moment."""
    code = session.scalars(
        select(RewardCode).where(RewardCode.catalog_reward_id == reward.id,
                                 RewardCode.redemption_id.is_(None))
        .order_by(RewardCode.id).limit(1)
        # Skip codes another redemption has just taken and not committed: it never waits,
        # and never takes the same one.
        .with_for_update(skip_locked=True)
    ).first()
    if code is None:
        raise CatalogRewardUnavailable("This reward has run out; choose another.",
                                       code="reward_out_of_stock", param="catalog_reward")
    session.execute(update(RewardCode).where(RewardCode.id == code.id)
                    .values(redemption_id=redemption_id, issued_at=now))
    return code.code


def single_use_code(redemption_id: str) -> str:
    """The code a coupon or free product reward is typed as at checkout: from the redemption's
    id, so it is unique and the same however often it is asked for."""
    return "REWARD" + redemption_id.rsplit("_", 1)[-1][-12:].upper()


def _count_codes(session: Session, reward_id: str) -> int:
    return session.scalar(select(func.count()).select_from(RewardCode)
                          .where(RewardCode.catalog_reward_id == reward_id)) or 0


def _check_terms(terms: RewardTerms) -> None:
    if terms.kind not in CATALOG_KINDS:
        raise RuleInvalid(f"kind is one of {', '.join(CATALOG_KINDS)}.", param="kind")
    if (terms.amount is not None) != (terms.kind in AMOUNT_KINDS):
        raise RuleInvalid(f"amount is given for {' and '.join(AMOUNT_KINDS)} rewards, and only "
                          "for them.", param="amount")
    if (terms.percent_off is not None) != (terms.kind == "percent_coupon"):
        raise RuleInvalid("percent_off is given for percent_coupon rewards, and only for them.",
                          param="percent_off")
    if terms.kind == "free_product" and not terms.product:
        raise RuleInvalid("A free_product reward names its product.", param="product")
