"""Liveness of the parts Goodword cannot work without."""

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


def database_is_up(session: Session) -> bool:
    try:
        session.execute(text("SELECT 1"))
    except DBAPIError:
        session.rollback()
        return False
    return True
