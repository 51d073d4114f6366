"""Stripe's `expand[]`: a field naming another object by id can carry the object instead, when
the request asks for it (`GET /v1/orders/ord_...?expand[]=promoter`, and in lists
`?expand[]=data.promoter`). The id stays the default, so answers stay small and cheap."""

import marshmallow as ma
from flask import g

from api.request.schemas import WriteSchema
from api.v1.promoters import PromoterRead
from core.db import db
from referrals.promoters.models import Promoter

EXPANDABLE = ("promoter",)


class ExpandArgs(WriteSchema):
    expand = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(EXPANDABLE)), data_key="expand[]",
        metadata={"description": "fields to answer with the whole object instead of its id"})


class ListExpandArgs(WriteSchema):
    expand = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf([f"data.{name}" for name in EXPANDABLE])),
        data_key="expand[]",
        metadata={"description": "fields of each listed object to answer with the whole "
                  "object instead of its id (data.promoter)"})


def expanding(args: dict) -> None:
    """Remember, for this request's answer, which fields to expand (`data.` dropped)."""
    g.expand = frozenset(name.removeprefix("data.") for name in args.pop("expand", ()))


class ExpandablePromoter(ma.fields.Field):
    """A promoter's id, or the promoter (as GET /v1/promoters/{id} shows it) when expanded."""

    def __init__(self, **kwargs):
        super().__init__(allow_none=True, metadata={
            "anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/PromoterRead"}],
            "nullable": True,
            "description": "the promoter's id; the promoter itself with expand[]=promoter",
        }, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None or "promoter" not in g.get("expand", ()):
            return value
        return PromoterRead().dump(db.session.get_one(Promoter, value))
