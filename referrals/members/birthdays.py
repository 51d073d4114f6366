"""A member's birthday as the shop may send it: month and day ("MM-DD"), never a year.

A year would say how old someone is, which a loyalty program has no need to know. February 29
is a birthday like any other; in a year without one it is celebrated on February 28, so the
member is never skipped (referrals/members/scheduled.py)."""

import re
from datetime import date

from core.errors import InvalidInput

_PATTERN = re.compile(r"([0-9]{2})-([0-9]{2})")
_LEAP_YEAR = 2000  # every real month and day, February 29 included, is a date in it


def check_birthday(value: str | None) -> str | None:
    """`value` if it is a real "MM-DD" (None clears it); else a 400 naming `birthday`."""
    if value is None:
        return None
    found = _PATTERN.fullmatch(value) if isinstance(value, str) else None
    try:
        if found is None:
            raise ValueError
        date(_LEAP_YEAR, int(found[1]), int(found[2]))
    except ValueError:
        raise InvalidInput("birthday is a month and day as MM-DD, such as 02-29 or 12-31, "
                           "without a year.", param="birthday") from None
    return value


def birthdays_on(day: date) -> tuple[str, ...]:
    """The birthdays celebrated on `day`: its own, and February 29 on the 28th of a year
    without one."""
    own = f"{day.month:02d}-{day.day:02d}"
    if own == "02-28" and not _is_leap(day.year):
        return own, "02-29"
    return (own,)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
