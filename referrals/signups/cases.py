"""The review queue as cases: held signups of one promoter that share evidence, so a farm is
one decision, and bulk decisions that go through `service.decide` one referral at a time.

Two held signups of one promoter belong to one case when they came within CASE_WINDOW of each
other and share something a farm cannot easily vary: a network (/24 or /64) or an address, a
device, an exact browser signature, a private email domain, or an address pattern
(`kmiller#@yahoo.com`, or one mailbox give or take a +tag). Sharing is transitive: a chain of
signups each sharing something with the next is one case. Friends at a public provider
(gmail.com) do not share a domain, and signups of different promoters are never one case.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import InvalidInput
from referrals.errors import ReferralNotFound, ReferralNotPending
from referrals.signups import emails, risk, service
from referrals.signups.models import Referral

CASE_WINDOW = timedelta(days=3)
# The held signups a queue reads at most (oldest first); more wait for the next look.
MAX_HELD = 5000
# Referrals one bulk decision may name: a farm of this size is one transaction still.
MAX_BULK = 500

# What two signups may share, as the case names it.
_SHARED = {
    "network": "one network (/24 or /64)",
    "address": "one IP address",
    "device": "one device",
    "browser": "one exact browser signature",
    "domain": "one private email domain",
    "pattern": "one address pattern",
}


@dataclass(frozen=True)
class Held:
    """A held referral as grouping needs it: the evidence, not the whole row."""

    id: str
    promoter_id: str
    created_at: datetime
    network_hash: str | None
    ip_hash: str | None
    device_id: str | None
    visitor_id: str | None
    user_agent: str | None
    referee_email: str | None


@dataclass
class Case:
    """Held signups of one promoter tied together by what they share."""

    id: str
    promoter_id: str
    members: list[Held]
    # (what, value shown, how many of the case's signups share it), largest first.
    shared: list[tuple[str, str, int]] = field(default_factory=list)
    # Filled by `load` for the cases shown: the rows, and (reason code, how many of the case's
    # signups have it, the latest message), commonest first.
    referrals: list[Referral] = field(default_factory=list)
    reasons: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def first_at(self) -> datetime:
        return self.members[0].created_at

    @property
    def last_at(self) -> datetime:
        return self.members[-1].created_at

    @property
    def evidence(self) -> list[str]:
        """The shared evidence as sentences a merchant reads."""
        return [f"{'All' if count == self.size else count} of {self.size} share {_SHARED[what]}"
                + (f": {shown}" if shown else "") for what, shown, count in self.shared]


@dataclass(frozen=True)
class Queue:
    cases: list[Case]
    total_cases: int
    total_referrals: int


@dataclass(frozen=True)
class BulkDecision:
    decided: list[Referral]
    # Already in the state asked for (a repeated request): left as they are.
    unchanged: list[Referral]


def review_queue(session: Session, *, merchant_id: str) -> Queue:
    """Every held signup of the merchant, as cases: the largest first, then the oldest. Only
    the evidence is read here; `load` reads the rows of the cases a page shows."""
    held = [Held(*row) for row in session.execute(
        select(Referral.id, Referral.promoter_id, Referral.created_at, Referral.network_hash,
               Referral.ip_hash, Referral.device_id, Referral.visitor_id, Referral.user_agent,
               Referral.referee_email)
        .where(Referral.merchant_id == merchant_id, Referral.status == "pending_review")
        .order_by(Referral.created_at, Referral.id).limit(MAX_HELD))]
    total = session.scalar(select(func.count()).select_from(Referral).where(
        Referral.merchant_id == merchant_id, Referral.status == "pending_review")) or 0
    cases = group(held)
    cases.sort(key=lambda case: (-case.size, case.first_at, case.id))
    return Queue(cases=cases, total_cases=len(cases), total_referrals=total)


def load(session: Session, cases: list[Case]) -> list[Case]:
    """The referrals of these cases, oldest first, and their reasons counted."""
    ids = [member.id for case in cases for member in case.members]
    rows = {row.id: row for row in session.scalars(select(Referral).where(Referral.id.in_(ids)))
            } if ids else {}
    for case in cases:
        case.referrals = [rows[member.id] for member in case.members if member.id in rows]
        reasons: Counter[str] = Counter()
        messages: dict[str, str] = {}
        for referral in case.referrals:
            for reason in referral.reasons or []:
                reasons[reason["code"]] += 1
                messages[reason["code"]] = reason["message"]  # the latest: its counts are highest
        case.reasons = [(code, count, messages[code]) for code, count in reasons.most_common()]
    return cases


def page_of(queue: Queue, *, limit: int, starting_after: str | None = None
            ) -> tuple[list[Case], bool]:
    """`limit` cases after the case `starting_after` (the last of the previous page)."""
    start = 0
    if starting_after is not None:
        ids = [case.id for case in queue.cases]
        if starting_after not in ids:
            raise InvalidInput("starting_after names no case in the queue now (it was decided, "
                               "or a new signup joined it): start again from the first page.",
                               param="starting_after")
        start = ids.index(starting_after) + 1
    return queue.cases[start:start + limit], start + limit < len(queue.cases)


def get_case(session: Session, *, merchant_id: str, case_id: str) -> Case:
    """The case in the queue now. A case is named after its first referral: once that one is
    decided the case is no longer in the queue, and asking for it says so (409)."""
    for case in review_queue(session, merchant_id=merchant_id).cases:
        if case.id == case_id:
            return load(session, [case])[0]
    first = session.get(Referral, "ref_" + case_id.removeprefix("case_"))
    if first is not None and first.merchant_id == merchant_id:
        raise ReferralNotPending(
            f"The case {case_id} was decided: its first referral, {first.id}, is "
            f"{first.status}. Decide the rest by name (bulk_approve, bulk_reject).")
    raise ReferralNotFound(f"No case {case_id!r} in the review queue.", param="id")


def group(held: Iterable[Held]) -> list[Case]:
    """Held referrals (oldest first) as cases, each case's members oldest first."""
    members = list(held)
    parent = list(range(len(members)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    by_key: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, member in enumerate(members):
        for what, value in _keys(member):
            by_key[member.promoter_id, what, value].append(index)
    for indexes in by_key.values():
        # Oldest first: each signup joins the one before it when close enough, and a chain of
        # such steps ties every signup of the run together.
        for before, after in pairwise(indexes):
            if members[after].created_at - members[before].created_at <= CASE_WINDOW:
                parent[root(after)] = root(before)
    groups: dict[int, list[Held]] = defaultdict(list)
    for index, member in enumerate(members):
        groups[root(index)].append(member)
    return [_case(group) for group in groups.values()]


def _case(members: list[Held]) -> Case:
    case = Case(id="case_" + members[0].id.removeprefix("ref_"),
                promoter_id=members[0].promoter_id, members=members)
    if len(members) > 1:
        counts = Counter(key for member in members for key in set(_keys(member)))
        case.shared = [(what, _shown(what, value), count)
                       for (what, value), count in counts.most_common() if count > 1]
    return case


def _keys(member: Held) -> list[tuple[str, str]]:
    keys = []
    if member.network_hash:
        keys.append(("network", member.network_hash))
    if member.ip_hash:
        keys.append(("address", member.ip_hash))
    if member.device_id or member.visitor_id:
        keys.append(("device", member.device_id or member.visitor_id or ""))
    if member.user_agent:
        keys.append(("browser", member.user_agent))
    domain = emails.email_domain(member.referee_email)
    if domain and domain not in risk.PUBLIC_PROVIDERS:
        keys.append(("domain", domain))
    pattern = address_pattern(member.referee_email)
    if pattern:
        keys.append(("pattern", pattern))
    return keys


def address_pattern(email: str | None) -> str | None:
    """The shape of an address a farm repeats: digits as #, any +tag dropped
    (kmiller101@yahoo.com and kmiller117@yahoo.com are kmiller#@yahoo.com; ben+2@ is ben@)."""
    loose = risk.loose_mailbox(email)
    if not loose:
        return None
    local, _, domain = loose.rpartition("@")
    tagged = (emails.normalise_email(email) or "").partition("@")[0] != local
    if not re.search(r"\d", local) and not tagged:
        return None
    return re.sub(r"\d+", "#", local) + "@" + domain


def _shown(what: str, value: str) -> str:
    """What a merchant may see of a shared value: hashes say nothing, so only that it is
    shared; browsers and addresses as they are."""
    if what in ("network", "address", "device"):
        return ""
    return value if len(value) <= 80 else value[:77] + "..."


def decide_many(session: Session, *, merchant_id: str, referral_ids: list[str], approve: bool,
                decided_by: str, now: datetime, note: str | None = None) -> BulkDecision:
    """Decide several held referrals at once, all or none, each through `service.decide`.

    Every row is locked first, in ascending id, before any is decided: deciding one takes
    reward locks (promoters, ledger accounts), and taking the next referral's row after those
    would lock in the order of the work, which a single decision racing this one could close
    into a ring. A referral already in the state asked for is left as it is (the request can
    be repeated); one decided the other way refuses the whole request, and nothing changes.
    """
    wanted = sorted(set(referral_ids))
    if not wanted:
        raise InvalidInput("Name at least one referral to decide.", param="referrals")
    if len(wanted) > MAX_BULK:
        raise InvalidInput(f"Decide at most {MAX_BULK} referrals at once.", param="referrals")
    rows = {row.id: row for row in session.scalars(
        select(Referral).where(Referral.id.in_(wanted)).order_by(Referral.id)
        .with_for_update().execution_options(populate_existing=True))}
    missing = [ref for ref in wanted if ref not in rows or rows[ref].merchant_id != merchant_id]
    if missing:
        raise ReferralNotFound(f"No such referral: {missing[0]!r}", param="referrals")
    target = "approved" if approve else "rejected"
    other = [row for row in rows.values() if row.status not in ("pending_review", target)]
    if other:
        raise ReferralNotPending(
            f"{len(other)} of the referrals {'were' if len(other) > 1 else 'was'} already "
            f"decided otherwise ({other[0].id} is {other[0].status}); nothing was changed.",
            param="referrals")
    decided, unchanged = [], []
    for ref in wanted:
        if rows[ref].status == target:
            unchanged.append(rows[ref])
            continue
        decided.append(service.decide(session, merchant_id=merchant_id, referral_id=ref,
                                      approve=approve, decided_by=decided_by, now=now,
                                      note=note))
    return BulkDecision(decided=decided, unchanged=unchanged)
