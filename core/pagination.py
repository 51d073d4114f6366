"""Cursor pages over time-sortable ids, newest first, the way every list endpoint reads."""

from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.errors import InvalidInput
from core.ids import has_prefix


def page(
    session: Session,
    statement: Select[Any],
    *,
    id_column: InstrumentedAttribute[str],
    prefix: str,
    limit: int,
    starting_after: str | None = None,
    ending_before: str | None = None,
) -> tuple[list[Any], bool]:
    """One page of `statement`, newest first, and whether more follow in the direction read:
    older than `starting_after` (the next page), or newer than `ending_before` (the previous
    page: the `limit` objects just newer than the cursor), as Stripe pages."""
    if starting_after is not None and ending_before is not None:
        raise InvalidInput("Send starting_after or ending_before, not both.",
                           param="ending_before")
    for name, cursor in (("starting_after", starting_after), ("ending_before", ending_before)):
        if cursor is not None and not has_prefix(cursor, prefix):
            raise InvalidInput(f"{name} must be an id starting with {prefix}_.", param=name)
    if ending_before is not None:
        newer = statement.where(id_column > ending_before).order_by(id_column.asc())
        rows = list(session.scalars(newer.limit(limit + 1)))
        return rows[:limit][::-1], len(rows) > limit
    if starting_after is not None:
        statement = statement.where(id_column < starting_after)
    rows = list(session.scalars(statement.order_by(id_column.desc()).limit(limit + 1)))
    return rows[:limit], len(rows) > limit
