"""Which page of a list the dashboard shows: `?page=3` (or a named parameter when a page shows
two lists), a whole number from 1; anything else is the first page."""

from flask import request

PAGE_SIZE = 50


def page_number(param: str = "page") -> int:
    value = request.args.get(param, "")
    return int(value) if value.isdigit() and 0 < len(value) <= 6 else 1
