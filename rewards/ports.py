"""What rewards must know about referrals, without importing them.

Dependencies point one way (referrals -> rewards), yet tiers count approved referrals, the
dry run checks that a promoter is the merchant's, and who may earn or redeem depends on whether
a promoter is blocked or erased (rewards/earning/standing.py). So rewards declares what it needs
here, and the app factory plugs in the referrals package's answers (`referrals/promoters/facts.py`).
"""

from datetime import datetime
from types import ModuleType
from typing import Protocol

from sqlalchemy import Select
from sqlalchemy.orm import Session


class ReferralFacts(Protocol):
    def approved_referrals(
        self, session: Session, *, promoter_id: str, since: datetime, until: datetime
    ) -> int:
        """Referrals of this promoter approved in (since, until]."""

    def approved_referral_times(self, *, merchant_id: str, since: datetime, until: datetime
                                ) -> Select[str, datetime]:
        """A query of (promoter_id, approved_at) for the merchant's referrals approved in
        (since, until], columns labelled so: tiers count them for many promoters at once."""

    def active_promoter_ids(self, *, merchant_id: str) -> Select[str]:
        """A query of the ids of the merchant's promoters who are neither blocked nor erased."""

    def rewarded_shares(
        self, session: Session, *, merchant_id: str, rule_id: str, promoter_id: str,
        channel: str, since: datetime, until: datetime,
    ) -> int:
        """Rewards this rule gave this promoter in (since, until] for shares through `channel`."""

    def promoter_merchant(self, session: Session, *, promoter_id: str) -> str | None:
        """The merchant a promoter belongs to, or None if there is no such promoter."""

    def promoter_states(self, session: Session, *, promoter_ids: set[str], lock: bool
                        ) -> dict[str, str]:
        """"active", "blocked" or "erased" for each of these promoters that exists; `lock`:
        their rows FOR KEY SHARE until the transaction ends (see rewards/earning/standing.py)."""


_plugged: ReferralFacts | ModuleType | None = None


def plug(facts: ReferralFacts | ModuleType) -> None:
    global _plugged
    _plugged = facts


def referral_facts() -> ReferralFacts:
    if _plugged is None:
        raise RuntimeError("rewards.ports.plug(...) was never called: create the app first")
    return _plugged
