"""A process's copy of each merchant's current rules, checked against the database by a stamp.

A merchant's rules change only by adding a version (rewards.program.rule_definitions: a new rule is
version 1, an edit appends one and moves the rule's current version and active flag with it),
and rules are never deleted, so the sum of the merchant's current versions grows with every
change: equal sums, equal rules among committed changes. An earning asks the sum with the
merchant's row, after every lock its transaction waited for (`STAMP`, noted with `note_stamp`),
and the rules are read again only when it moved. Only an earning's read is kept: a dry run may
run inside a transaction that changed a rule and is rolled back (the rule editor's preview),
and its uncommitted rules would match the stamp of the next real change. Guardrails, tiers and
limits are not cached: they are read from the merchant's row and the reward lots each time.
"""

from collections import namedtuple
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import bindparam, func, inspect, select
from sqlalchemy.orm import Session

from core.db import transaction_memo
from rewards.program.models import Rule, RuleVersion

# The merchant's (bind parameter "merchant") rule stamp: to ask inside another read.
STAMP = (select(func.coalesce(func.sum(Rule.current_version), 0))
         .where(Rule.merchant_id == bindparam("merchant")).scalar_subquery())

# A rule version as the rules engine reads it, detached from any session (shared by threads):
# a named tuple of the model's columns, which the engine reads as it reads a RuleVersion.
_FIELDS = tuple(attribute.key for attribute in inspect(RuleVersion).column_attrs)
# mypy wants a namedtuple's fields written out; these are the model's, known at import.
Version: Any = namedtuple("Version", _FIELDS)  # type: ignore[misc]

_MEMO = "rule stamp"
_MOST_KEPT = 4096  # (merchant, trigger) pairs; past it the copy starts again, empty
_kept: dict[tuple[str, str], tuple[int, tuple[RuleVersion, ...]]] = {}


def note_stamp(session: Session, *, merchant_id: str, stamp: int) -> None:
    """What `STAMP`, asked in this transaction, answered."""
    transaction_memo(session)[_MEMO, merchant_id] = stamp


def noted_stamp(session: Session, *, merchant_id: str) -> int | None:
    """What `STAMP` answered when this transaction asked it, if it did."""
    return transaction_memo(session).get((_MEMO, merchant_id))


def kept(session: Session, *, merchant_id: str, trigger: str) -> tuple[RuleVersion, ...] | None:
    """The rules on `trigger` as this process last read them, if the stamp noted in this
    transaction says they have not changed since; None otherwise."""
    stamp = transaction_memo(session).get((_MEMO, merchant_id))
    found = _kept.get((merchant_id, trigger)) if stamp is not None else None
    return found[1] if found is not None and found[0] == stamp else None


def keep(*, merchant_id: str, trigger: str, stamp: int, versions: Iterable[RuleVersion]
         ) -> tuple[RuleVersion, ...]:
    """The rules just read (with their stamp, in the same statement), kept for the next event."""
    # Typed as what the engine reads them as: a Version has a RuleVersion's every column.
    copies = cast(tuple[RuleVersion, ...], tuple(
        Version(*(getattr(version, key) for key in _FIELDS)) for version in versions))
    if len(_kept) >= _MOST_KEPT:
        _kept.clear()
    _kept[merchant_id, trigger] = (stamp, copies)
    return copies
