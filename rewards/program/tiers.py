"""Which tier a promoter is in: promoted at once, demoted only after a grace period.

Promotion is immediate because it is good news the promoter should see with the earning that
caused it. Demotion waits: a rolling window empties by itself on a quiet month, and dropping a
loyal promoter the day their oldest referral ages out would punish a pause, not a departure.
The grace period counts from when Goodword first sees the promoter below their tier's threshold
(a re-evaluation or the daily `goodword demote-tiers` run), and ends early if they qualify again.

Tiers read approved referrals from the referrals tables: a read of rows, never a call into the
referrals services, so rewards still never depends on how referrals decides anything.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db import transaction_memo
from core.events import emit
from rewards.errors import TierNotFound
from rewards.ledger.models import Reward
from rewards.ports import referral_facts
from rewards.program.models import PromoterTier, Tier
from rewards.program.tier_definitions import forget_ladder, get_tier, ladder, lock_ladder

ONE_X = 10_000  # basis points


@dataclass(frozen=True)
class TierChange:
    promoter_id: str
    merchant_id: str
    old_tier_id: str | None
    new_tier_id: str | None
    # "promoted", "demoted", or "grace_started" (below the threshold, not yet demoted).
    change: str


@dataclass(frozen=True)
class TierProgress:
    tier: Tier
    # The promoter's figure for the tier's metric over the tier's window, as of now.
    current: int


@dataclass(frozen=True)
class TierStatus:
    tier: Tier | None
    next_tier: TierProgress | None


def _ladder(session: Session, merchant_id: str) -> list[Tier]:
    """The merchant's tiers held FOR KEY SHARE (see tier_definitions.ladder), read once per
    transaction: earning asks for them twice (the multiplier, then the re-evaluation), and the
    rows stay as read until the transaction ends, since they are held. A tier change in the
    transaction itself makes it read again (tier_definitions.forget_ladder)."""
    memo = transaction_memo(session)
    if ("ladder", merchant_id) not in memo:
        memo["ladder", merchant_id] = ladder(session, merchant_id=merchant_id, key_share=True)
    return memo["ladder", merchant_id]


# Whether the merchant (bind parameter "merchant") has a tier ladder: to ask inside another
# read (see `note_ladder`).
LADDER_EXISTS = exists().where(Tier.merchant_id == bindparam("merchant"))


def note_ladder(session: Session, *, merchant_id: str, found: bool | None) -> None:
    """What `LADDER_EXISTS`, asked in this transaction, answered: no ladder means none to read
    in this transaction (an empty ladder held FOR KEY SHARE holds no row)."""
    if found is False:
        transaction_memo(session).setdefault(("ladder", merchant_id), [])


def has_tiers(session: Session, *, merchant_id: str) -> bool:
    """Whether the merchant has a tier ladder (read as earnings read it, once per transaction)."""
    return bool(_ladder(session, merchant_id))


def multiplier_for(session: Session, *, merchant_id: str, promoter_id: str) -> int:
    """The promoter's tier multiplier in basis points; 1x without a tier."""
    if not _ladder(session, merchant_id):
        return ONE_X
    multiplier = session.scalar(
        select(Tier.multiplier)
        .join(PromoterTier, PromoterTier.tier_id == Tier.id)
        .where(PromoterTier.promoter_id == promoter_id, PromoterTier.merchant_id == merchant_id)
    )
    return ONE_X if multiplier is None else multiplier


def metric_value(
    session: Session, *, promoter_id: str, metric: str, window_days: int, now: datetime
) -> int:
    """Approved referrals, or points earned net of clawbacks, in the window ending `now`."""
    since = now - timedelta(days=window_days)
    if metric == "approved_referrals":
        return referral_facts().approved_referrals(
            session, promoter_id=promoter_id, since=since, until=now
        )
    return session.scalar(
        select(func.coalesce(func.sum(Reward.amount - Reward.refund_clawed), 0)).where(
            Reward.promoter_id == promoter_id, Reward.unit == "points",
            Reward.created_at > since, Reward.created_at <= now,
        )
    ) or 0


def reevaluate(session: Session, *, merchant_id: str, promoter_id: str, now: datetime) -> None:
    """Promote the promoter at once if they qualify for a higher tier; start (or end) the grace
    period if they fell below (or rose back above) their tier's threshold. Never demotes.
    Lock order as delete_tier: the tier rows, then the promoter's tier row."""
    tiers = _ladder(session, merchant_id)
    if not tiers:
        return
    row = session.get(PromoterTier, promoter_id, with_for_update=True)
    if row is None:
        qualified = _qualified_rank(session, promoter_id, tiers, now)
        if qualified < 0:
            return
        try:
            with session.begin_nested():
                session.add(PromoterTier(
                    promoter_id=promoter_id, merchant_id=merchant_id,
                    tier_id=tiers[qualified].id, since=now,
                ))
        except IntegrityError:
            # A concurrent earning placed the promoter first; settle against its row.
            row = session.get(PromoterTier, promoter_id, with_for_update=True,
                              populate_existing=True)
            _settle(session, row, tiers, now, demote=False)
            return
        _emit_change(session, TierChange(promoter_id, merchant_id, None, tiers[qualified].id,
                                         "promoted"), now)
        return
    _settle(session, row, tiers, now, demote=False)


def demote_tiers(
    session: Session, *, now: datetime, after: str | None = None, limit: int = 500
) -> tuple[list[TierChange], str | None]:
    """One batch of the scheduled job: settle promoters (by id, after `after`) whose tier may
    have lapsed, demoting those past their grace period. Returns the changes and the last
    promoter id seen (None when done). Rows another worker holds are skipped, not waited on.
    The batch's merchants' tier rows are held FOR KEY SHARE before its promoters' rows (the
    order delete_tier and earnings lock them in), so nobody is moved into a tier being deleted."""
    statement = select(PromoterTier).order_by(PromoterTier.promoter_id).limit(limit)
    if after is not None:
        statement = statement.where(PromoterTier.promoter_id > after)
    merchant_ids = set(session.scalars(
        select(statement.subquery().c.merchant_id).distinct()))
    ladders: dict[str, list[Tier]] = {
        merchant_id: ladder(session, merchant_id=merchant_id, key_share=True)
        for merchant_id in sorted(merchant_ids)
    }
    rows = list(session.scalars(statement.with_for_update(skip_locked=True)))
    changes = []
    for row in rows:
        if row.merchant_id not in ladders:
            ladders[row.merchant_id] = ladder(session, merchant_id=row.merchant_id)
        change = _settle(session, row, ladders[row.merchant_id], now, demote=True)
        if change is not None:
            changes.append(change)
    session.flush()
    return changes, (rows[-1].promoter_id if len(rows) == limit else None)


def holders(session: Session, *, tier_id: str) -> int:
    """How many promoters are in the tier now."""
    return session.scalar(
        select(func.count()).select_from(PromoterTier).where(PromoterTier.tier_id == tier_id)
    )


def delete_tier(session: Session, *, merchant_id: str, tier_id: str, now: datetime
                ) -> tuple[Tier, list[TierChange]]:
    """Take a tier off the ladder. Its promoters move at once to the highest remaining tier
    they qualify for, or to no tier: no grace period, because the tier they would keep during it
    no longer exists. Each move is a tier.changed event, as any other promotion or demotion."""
    tier = get_tier(session, merchant_id=merchant_id, tier_id=tier_id)
    # The merchant's tier rows first, by id: an earning placing a promoter in a tier (FOR KEY
    # SHARE, see ladder) and another delete wait for this one, and this one reads the ladder
    # they left, instead of moving promoters into a tier deleted meanwhile.
    if tier.id not in lock_ladder(session, merchant_id=merchant_id):
        raise TierNotFound(f"No such tier: {tier_id!r}", param="id")
    session.refresh(tier)
    remaining = [other for other in ladder(session, merchant_id=merchant_id)
                 if other.id != tier.id]
    rows = session.scalars(
        select(PromoterTier).where(PromoterTier.tier_id == tier.id)
        .order_by(PromoterTier.promoter_id).with_for_update()
    ).all()
    changes = []
    for row in rows:
        rank = _qualified_rank(session, row.promoter_id, remaining, now)
        moved_up = rank >= 0 and remaining[rank].threshold > tier.threshold
        change = TierChange(row.promoter_id, merchant_id, tier.id,
                            remaining[rank].id if rank >= 0 else None,
                            "promoted" if moved_up else "demoted")
        if rank < 0:
            session.delete(row)
        else:
            row.tier_id, row.since, row.below_threshold_since = remaining[rank].id, now, None
        _emit_change(session, change, now)
        changes.append(change)
    session.flush()
    session.delete(tier)
    session.flush()
    forget_ladder(session, merchant_id)
    return tier, changes


def tier_status(session: Session, *, merchant_id: str, promoter_id: str, now: datetime
                ) -> TierStatus:
    """The promoter's tier and their progress towards the one above it."""
    tiers = ladder(session, merchant_id=merchant_id)
    row = session.get(PromoterTier, promoter_id)
    current = next((tier for tier in tiers if row and tier.id == row.tier_id), None)
    above = [tier for tier in tiers if current is None or tier.threshold > current.threshold]
    if not above:
        return TierStatus(current, None)
    value = metric_value(session, promoter_id=promoter_id, metric=above[0].metric,
                         window_days=above[0].window_days, now=now)
    return TierStatus(current, TierProgress(above[0], value))


def _qualified_rank(session: Session, promoter_id: str, tiers: list[Tier], now: datetime) -> int:
    """The index in `tiers` of the highest tier the promoter qualifies for, or -1."""
    values: dict[tuple[str, int], int] = {}
    for rank in range(len(tiers) - 1, -1, -1):
        tier = tiers[rank]
        key = (tier.metric, tier.window_days)
        if key not in values:
            values[key] = metric_value(session, promoter_id=promoter_id, metric=tier.metric,
                                       window_days=tier.window_days, now=now)
        if values[key] >= tier.threshold:
            return rank
    return -1


def _settle(session: Session, row: PromoterTier, tiers: list[Tier], now: datetime, *,
            demote: bool) -> TierChange | None:
    ranks = {tier.id: rank for rank, tier in enumerate(tiers)}
    current = ranks.get(row.tier_id, -1)
    qualified = _qualified_rank(session, row.promoter_id, tiers, now)
    old_tier_id = row.tier_id

    def change(kind: str, new_tier_id: str | None) -> TierChange:
        tier_change = TierChange(row.promoter_id, row.merchant_id, old_tier_id, new_tier_id,
                                 kind)
        if kind != "grace_started":
            _emit_change(session, tier_change, now)
        return tier_change

    if qualified > current:
        row.tier_id, row.since, row.below_threshold_since = tiers[qualified].id, now, None
        return change("promoted", row.tier_id)
    if qualified == current:
        row.below_threshold_since = None
        return None
    if row.below_threshold_since is None:
        row.below_threshold_since = now
        return change("grace_started", row.tier_id)
    grace = timedelta(days=tiers[current].grace_days)
    if not demote or now - row.below_threshold_since < grace:
        return None
    if qualified < 0:
        session.delete(row)
        return change("demoted", None)
    row.tier_id, row.since, row.below_threshold_since = tiers[qualified].id, now, None
    return change("demoted", row.tier_id)


def _emit_change(session: Session, tier_change: TierChange, now: datetime) -> None:
    emit(session, merchant_id=tier_change.merchant_id, type="tier.changed", now=now, data={
        "promoter": tier_change.promoter_id, "change": tier_change.change,
        "previous_tier": tier_change.old_tier_id, "tier": tier_change.new_tier_id,
    })
