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
) -> tuple[list[Any], bool]:
    """One page of `statement` after the cursor, and whether more follow."""
    if starting_after is not None:
        if not has_prefix(starting_after, prefix):
            raise InvalidInput(
                f"starting_after must be an id starting with {prefix}_.", param="starting_after"
            )
        statement = statement.where(id_column < starting_after)
    rows = list(session.scalars(statement.order_by(id_column.desc()).limit(limit + 1)))
    return rows[:limit], len(rows) > limit
