"""Pages of lists: cursor pages over time-sortable ids, newest first, the way every list endpoint
reads; numbered pages with a total for the lists people read in the dashboard."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
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


PAGE_NUMBER_LIMIT = 10_000


@dataclass(frozen=True)
class NumberedPage:
    """One numbered page of a list a person reads, with the list's total: "51-100 of 735"."""

    rows: list[Any]
    total: int
    number: int
    size: int

    @property
    def first(self) -> int:
        """The position of the page's first row, counting from 1 (0 when the list is empty)."""
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def numbered_page(
    session: Session,
    statement: Select[*tuple[Any, ...]],
    *,
    order_by: Sequence[Any],
    number: int,
    size: int,
) -> NumberedPage:
    """Page `number` (from 1) of `statement` in `order_by` order, and how many rows it has in all.

    People page through a list by number and want to know how long it is, where an API client
    follows a cursor (`page` above); a page past the end shows the last one.
    """
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    total = int(total or 0)
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages, PAGE_NUMBER_LIMIT)
    rows = list(session.execute(
        statement.order_by(*order_by).offset((number - 1) * size).limit(size)))
    found = [row[0] if len(row) == 1 else row for row in rows]
    return NumberedPage(rows=found, total=total, number=number, size=size)
