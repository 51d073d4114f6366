"""Which tier a promoter is in: promoted at once, demoted only after a grace period.

Promotion is immediate because it is good news the promoter should see with the earning that
caused it. Demotion waits: a rolling window empties by itself on a quiet month, and dropping a
loyal promoter the day their oldest referral ages out would punish a pause, not a departure.
The grace period counts from when Goodword first sees the promoter below their tier's threshold
(a re-evaluation or the daily `goodword demote-tiers` run), and ends early if they qualify again.

Tiers read approved referrals from the referrals tables: a read of rows, never a call into the
referrals services, so rewards still never depends on how referrals decides anything.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Subquery,
    bindparam,
    case,
    delete,
    exists,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db import UTCDateTime, insert_ignoring_twins, transaction_memo
from core.events import emit, emit_many
from rewards.errors import TierNotFound
from rewards.ledger.models import Reward
from rewards.ports import referral_facts
from rewards.program import tier_definitions
from rewards.program.models import PromoterTier, Tier
from rewards.program.tier_definitions import forget_ladder, get_tier, ladder, lock_ladder

# Promoter ids per IN list of a set-based write: well under both databases' bind limits.
IDS_PER_STATEMENT = 5000

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
    tiers: list[Tier] = memo["ladder", merchant_id]
    return tiers


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
            assert row is not None  # the concurrent earning's row, which made the INSERT fail
            _settle(session, row, tiers, now, demote=False)
            return
        _emit_change(session, TierChange(promoter_id, merchant_id, None, tiers[qualified].id,
                                         "promoted"), now)
        return
    _settle(session, row, tiers, now, demote=False)


def demote_tiers(
    session: Session, *, now: datetime, after: str | None = None, limit: int = 2000
) -> tuple[list[TierChange], str | None]:
    """One batch of the daily job: settle promoters (by id, after `after`) whose tier may have
    lapsed, demoting those past their grace period, in a few set-based statements per merchant
    of the batch (never one per promoter). The first batch of a run (`after` None) first places
    every promoter who qualifies and has no tier yet, one INSERT ... SELECT per merchant with
    tiers. Returns the changes and the last promoter id seen (None when done). Rows another
    worker holds are skipped, not waited on. The batch's merchants' tier rows are held FOR KEY
    SHARE before its promoters' rows (the order delete_tier and earnings lock them in), so
    nobody is moved into a tier being deleted."""
    changes: list[TierChange] = []
    if after is None:
        for merchant_id in session.scalars(select(Tier.merchant_id).distinct()
                                           .order_by(Tier.merchant_id)).all():
            tiers = ladder(session, merchant_id=merchant_id, key_share=True)
            if tiers:
                changes += _place_new(session, merchant_id=merchant_id, tiers=tiers, now=now)
    statement = select(PromoterTier.promoter_id).order_by(PromoterTier.promoter_id).limit(limit)
    if after is not None:
        statement = statement.where(PromoterTier.promoter_id > after)
    merchant_ids = sorted(set(session.scalars(
        select(PromoterTier.merchant_id).where(
            PromoterTier.promoter_id.in_(statement.scalar_subquery())).distinct())))
    ladders: dict[str, list[Tier]] = {
        merchant_id: ladder(session, merchant_id=merchant_id, key_share=True)
        for merchant_id in merchant_ids
    }
    # LIMIT counts the rows left once locked ones are skipped: a full batch means more may follow.
    rows = session.execute(
        statement.add_columns(PromoterTier.merchant_id, PromoterTier.tier_id,
                              PromoterTier.below_threshold_since)
        .with_for_update(skip_locked=True)
    ).all()
    by_merchant: dict[str, dict[str, _Held]] = defaultdict(dict)
    for promoter_id, merchant_id, tier_id, below in rows:
        by_merchant[merchant_id][promoter_id] = _Held(tier_id, below)
    for merchant_id, held in by_merchant.items():
        tiers = ladders.get(merchant_id) or ladder(session, merchant_id=merchant_id)
        changes += _settle_held(session, merchant_id=merchant_id, tiers=tiers, held=held,
                                now=now, demote=True)
    session.flush()
    return changes, (rows[-1].promoter_id if len(rows) == limit else None)


def create_tier(session: Session, *, merchant_id: str, now: datetime, **fields: Any
                ) -> tuple[Tier, list[TierChange]]:
    """Add a tier to the ladder and place at once every promoter who qualifies now."""
    tier = tier_definitions.create_tier(session, merchant_id=merchant_id, now=now, **fields)
    return tier, place_promoters(session, merchant_id=merchant_id, now=now)


def update_tier(session: Session, *, merchant_id: str, tier_id: str, changes: dict[str, Any],
                now: datetime) -> tuple[Tier, list[TierChange]]:
    """Change a tier, then settle every promoter against the new ladder at once: those who
    qualify higher move up now; those now below their tier start its grace period."""
    tier = tier_definitions.update_tier(session, merchant_id=merchant_id, tier_id=tier_id,
                                        changes=changes)
    return tier, place_promoters(session, merchant_id=merchant_id, now=now)


def place_promoters(session: Session, *, merchant_id: str, now: datetime) -> list[TierChange]:
    """Settle all the merchant's promoters against its ladder in set-based statements: promote
    whoever qualifies higher (or at all), start or end grace periods; never demote. The tier
    rows are locked first (FOR UPDATE: the ladder just changed), then the promoters' tier rows
    by id, the order earnings and delete_tier take them in."""
    session.flush()
    lock_ladder(session, merchant_id=merchant_id)
    forget_ladder(session, merchant_id)
    tiers = ladder(session, merchant_id=merchant_id)
    if not tiers:
        return []
    held = {
        promoter_id: _Held(tier_id, below)
        for promoter_id, tier_id, below in session.execute(
            select(PromoterTier.promoter_id, PromoterTier.tier_id,
                   PromoterTier.below_threshold_since)
            .where(PromoterTier.merchant_id == merchant_id)
            .order_by(PromoterTier.promoter_id).with_for_update())
    }
    changes = _settle_held(session, merchant_id=merchant_id, tiers=tiers, held=held, now=now,
                           demote=False)
    return changes + _place_new(session, merchant_id=merchant_id, tiers=tiers, now=now)


@dataclass(frozen=True)
class _Held:
    """A promoter's tier row as read under its lock."""

    tier_id: str
    below_threshold_since: datetime | None


def _ranks(session: Session, *, merchant_id: str, tiers: list[Tier], now: datetime,
           promoter_ids: Iterable[str] | None = None) -> Subquery:
    """(promoter_id, rank) for every promoter with activity in the ladder's widest window:
    the index in `tiers` of the highest tier they qualify for, or -1. One GROUP BY over the
    metric's rows, each tier's window summed by a CASE: the set-based `_qualified_rank`."""
    widest = now - timedelta(days=max(tier.window_days for tier in tiers))
    source = _metric_rows(session, merchant_id=merchant_id, metric=tiers[0].metric,
                          since=widest, now=now)
    sums = {
        days: func.coalesce(func.sum(case(
            (source.c.at > now - timedelta(days=days), source.c.amount), else_=0)), 0)
        for days in {tier.window_days for tier in tiers}
    }
    rank = case(*[(sums[tier.window_days] >= tier.threshold, index)
                  for index, tier in reversed(list(enumerate(tiers)))], else_=-1)
    statement = select(source.c.promoter_id, rank.label("rank")).group_by(source.c.promoter_id)
    if promoter_ids is not None:
        statement = statement.where(source.c.promoter_id.in_(list(promoter_ids)))
    return statement.subquery()


def _ranks_of(session: Session, *, merchant_id: str, tiers: list[Tier], now: datetime,
              promoter_ids: list[str]) -> dict[str, int]:
    """{promoter id: rank} for these promoters (and, past one IN list, for all who are
    active), in one statement."""
    ranks = _ranks(session, merchant_id=merchant_id, tiers=tiers, now=now,
                   promoter_ids=promoter_ids if len(promoter_ids) <= IDS_PER_STATEMENT else None)
    return {promoter_id: rank for promoter_id, rank
            in session.execute(select(ranks.c.promoter_id, ranks.c.rank))}


def _metric_rows(session: Session, *, merchant_id: str, metric: str, since: datetime,
                 now: datetime) -> Subquery:
    """(promoter_id, at, amount) of what the metric counts in (since, now]."""
    if metric == "approved_referrals":
        approved = referral_facts().approved_referral_times(
            merchant_id=merchant_id, since=since, until=now).subquery()
        return select(approved.c.promoter_id, approved.c.at,
                      literal(1).label("amount")).subquery()
    return select(
        Reward.promoter_id.label("promoter_id"), Reward.created_at.label("at"),
        (Reward.amount - Reward.refund_clawed).label("amount"),
    ).where(Reward.merchant_id == merchant_id, Reward.unit == "points",
            Reward.created_at > since, Reward.created_at <= now).subquery()


def _place_new(session: Session, *, merchant_id: str, tiers: list[Tier], now: datetime
               ) -> list[TierChange]:
    """One INSERT ... SELECT: every active promoter without a tier who qualifies for one now
    gets the highest, with a tier.changed event each (inserted together). A promoter an
    earning placed meanwhile is left to that earning (ON CONFLICT DO NOTHING)."""
    ranks = _ranks(session, merchant_id=merchant_id, tiers=tiers, now=now)
    tier_of_rank = case(*[(ranks.c.rank == index, tier.id) for index, tier in enumerate(tiers)])
    chosen = select(
        ranks.c.promoter_id, literal(merchant_id), tier_of_rank, literal(now, UTCDateTime()),
    ).where(
        ranks.c.rank >= 0,
        ranks.c.promoter_id.in_(referral_facts().active_promoter_ids(merchant_id=merchant_id)),
        ~exists().where(PromoterTier.promoter_id == ranks.c.promoter_id),
    )
    statement = insert_ignoring_twins(session, PromoterTier).from_select(
        ["promoter_id", "merchant_id", "tier_id", "since"], chosen,
    ).returning(PromoterTier.promoter_id, PromoterTier.tier_id)
    changes = [TierChange(promoter_id, merchant_id, None, tier_id, "promoted")
               for promoter_id, tier_id in session.execute(statement)]
    _emit_changes(session, merchant_id, changes, now)
    return sorted(changes, key=lambda change: change.promoter_id)


def _settle_held(session: Session, *, merchant_id: str, tiers: list[Tier],
                 held: dict[str, _Held], now: datetime, demote: bool) -> list[TierChange]:
    """`_settle` for many locked tier rows at once: their ranks in one statement, then one
    UPDATE per target tier and kind of change, one DELETE, and the events together."""
    if not held:
        return []
    qualified = _ranks_of(session, merchant_id=merchant_id, tiers=tiers, now=now,
                          promoter_ids=list(held))
    rank_of = {tier.id: rank for rank, tier in enumerate(tiers)}
    moves: dict[str, list[str]] = defaultdict(list)
    graces_ended: list[str] = []
    graces_started: list[str] = []
    removed: list[str] = []
    changes = []
    for promoter_id, row in held.items():
        current = rank_of.get(row.tier_id, -1)
        rank = qualified.get(promoter_id, -1)
        if rank > current:
            moves[tiers[rank].id].append(promoter_id)
            changes.append(TierChange(promoter_id, merchant_id, row.tier_id, tiers[rank].id,
                                      "promoted"))
        elif rank == current:
            if row.below_threshold_since is not None:
                graces_ended.append(promoter_id)
        elif row.below_threshold_since is None:
            graces_started.append(promoter_id)
            changes.append(TierChange(promoter_id, merchant_id, row.tier_id, row.tier_id,
                                      "grace_started"))
        elif demote and now - row.below_threshold_since >= timedelta(
                days=tiers[current].grace_days):
            new_tier_id = tiers[rank].id if rank >= 0 else None
            (moves[new_tier_id] if new_tier_id else removed).append(promoter_id)
            changes.append(TierChange(promoter_id, merchant_id, row.tier_id, new_tier_id,
                                      "demoted"))
    for tier_id, promoter_ids in moves.items():
        _update(session, promoter_ids, tier_id=tier_id, since=now, below_threshold_since=None)
    _update(session, graces_ended, below_threshold_since=None)
    _update(session, graces_started, below_threshold_since=now)
    for chunk in _chunks(removed):
        session.execute(delete(PromoterTier).where(PromoterTier.promoter_id.in_(chunk)))
    _emit_changes(session, merchant_id, changes, now)
    return changes


def _chunks(promoter_ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(promoter_ids), IDS_PER_STATEMENT):
        yield promoter_ids[start:start + IDS_PER_STATEMENT]


def _update(session: Session, promoter_ids: list[str], **values: object) -> None:
    for chunk in _chunks(promoter_ids):
        session.execute(update(PromoterTier).where(PromoterTier.promoter_id.in_(chunk))
                        .values(**values))


def _emit_changes(session: Session, merchant_id: str, changes: list[TierChange],
                  now: datetime) -> None:
    emit_many(session, merchant_id=merchant_id, type="tier.changed", now=now, data=[
        _event_data(change) for change in changes if change.change != "grace_started"])


def _event_data(change: TierChange) -> dict[str, Any]:
    return {"promoter": change.promoter_id, "change": change.change,
            "previous_tier": change.old_tier_id, "tier": change.new_tier_id}


def holders(session: Session, *, tier_id: str) -> int:
    """How many promoters are in the tier now."""
    return session.execute(
        select(func.count()).select_from(PromoterTier).where(PromoterTier.tier_id == tier_id)
    ).scalar_one()


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
    holders = list(session.scalars(
        select(PromoterTier.promoter_id).where(PromoterTier.tier_id == tier.id)
        .order_by(PromoterTier.promoter_id).with_for_update()))
    rank_of = _ranks_of(session, merchant_id=merchant_id, tiers=remaining, now=now,
                        promoter_ids=holders) if remaining and holders else {}
    moves: dict[str, list[str]] = defaultdict(list)
    removed: list[str] = []
    changes = []
    for promoter_id in holders:
        rank = rank_of.get(promoter_id, -1)
        moved_up = rank >= 0 and remaining[rank].threshold > tier.threshold
        new_tier_id = remaining[rank].id if rank >= 0 else None
        (moves[new_tier_id] if new_tier_id else removed).append(promoter_id)
        changes.append(TierChange(promoter_id, merchant_id, tier.id, new_tier_id,
                                  "promoted" if moved_up else "demoted"))
    for new_tier_id, promoter_ids in moves.items():
        _update(session, promoter_ids, tier_id=new_tier_id, since=now,
                below_threshold_since=None)
    for chunk in _chunks(removed):
        session.execute(delete(PromoterTier).where(PromoterTier.promoter_id.in_(chunk)))
    _emit_changes(session, merchant_id, changes, now)
    session.flush()
    session.delete(tier)
    session.flush()
    forget_ladder(session, merchant_id)
    return tier, changes


def tier_status(session: Session, *, merchant_id: str, promoter_id: str, now: datetime
                ) -> TierStatus:
    """The promoter's tier and their progress towards the next one they have not reached:
    progress is below that tier's threshold by construction, never "7 of 3" (a promoter who
    qualifies is placed when a tier is made or changed, at their next earning, or by the daily
    job; until then the tiers they already reach are not shown as goals)."""
    tiers = ladder(session, merchant_id=merchant_id)
    row = session.get(PromoterTier, promoter_id)
    current = next((tier for tier in tiers if row and tier.id == row.tier_id), None)
    values: dict[tuple[str, int], int] = {}
    for tier in tiers:
        if current is not None and tier.threshold <= current.threshold:
            continue
        key = (tier.metric, tier.window_days)
        if key not in values:
            values[key] = metric_value(session, promoter_id=promoter_id, metric=tier.metric,
                                       window_days=tier.window_days, now=now)
        if values[key] < tier.threshold:
            return TierStatus(current, TierProgress(tier, values[key]))
    return TierStatus(current, None)


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
