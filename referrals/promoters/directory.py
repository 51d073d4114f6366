"""Finding promoters for a person: search by email, name, external id or code, ranked by
approved referrals (the leaderboard)."""

from dataclasses import dataclass, replace

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.pagination import NumberedPage, numbered_page
from referrals.promoters import codes
from referrals.promoters.models import Promoter
from referrals.signups.models import Referral


@dataclass(frozen=True)
class PromoterRow:
    promoter: Promoter
    approved_referrals: int


def search_page(
    session: Session, *, merchant_id: str, query: str | None = None, number: int, size: int
) -> NumberedPage:
    """Page `number` of the promoters matching `query` (a part of email, name or external id,
    or their exact code), most approved referrals first, as PromoterRow, with the total."""
    approved = (
        select(Referral.promoter_id, func.count().label("approved"))
        .where(Referral.merchant_id == merchant_id, Referral.status == "approved")
        .group_by(Referral.promoter_id).subquery()
    )
    statement = (
        select(Promoter, func.coalesce(approved.c.approved, 0))
        .outerjoin(approved, approved.c.promoter_id == Promoter.id)
        .where(Promoter.merchant_id == merchant_id)
    )
    query = (query or "").strip()
    if query:
        pattern = "%" + query.lower().replace("\\", "\\\\").replace("%", "\\%")\
            .replace("_", "\\_") + "%"
        statement = statement.where(or_(
            func.lower(Promoter.email).like(pattern, escape="\\"),
            func.lower(Promoter.name).like(pattern, escape="\\"),
            func.lower(Promoter.external_id).like(pattern, escape="\\"),
            Promoter.code_key == codes.code_key(query),
        ))
    found = numbered_page(
        session, statement, order_by=[func.coalesce(approved.c.approved, 0).desc(),
                                      Promoter.id.desc()], number=number, size=size)
    return replace(found, rows=[PromoterRow(promoter, count) for promoter, count in found.rows])
