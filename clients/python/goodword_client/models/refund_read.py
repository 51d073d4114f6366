from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.refund_read_object import RefundReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="RefundRead")



@_attrs_define
class RefundRead:
    """ 
        Attributes:
            id (str):
            object_ (RefundReadObject):  Default: RefundReadObject.REFUND.
            order (str):
            external_id (str):
            amount (int):
            created_at (datetime.datetime):
     """

    id: str
    order: str
    external_id: str
    amount: int
    created_at: datetime.datetime
    object_: RefundReadObject = RefundReadObject.REFUND





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        order = self.order

        external_id = self.external_id

        amount = self.amount

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "order": order,
            "external_id": external_id,
            "amount": amount,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = RefundReadObject(d.pop("object"))




        order = d.pop("order")

        external_id = d.pop("external_id")

        amount = d.pop("amount")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        refund_read = cls(
            id=id,
            object_=object_,
            order=order,
            external_id=external_id,
            amount=amount,
            created_at=created_at,
        )

        return refund_read

