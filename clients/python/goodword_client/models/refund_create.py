from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="RefundCreate")



@_attrs_define
class RefundCreate:
    """ 
        Attributes:
            amount (int): in minor units; at most what is left unrefunded
            external_id (str): your refund id; the same id again changes nothing
     """

    amount: int
    external_id: str





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        external_id = self.external_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "external_id": external_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        external_id = d.pop("external_id")

        refund_create = cls(
            amount=amount,
            external_id=external_id,
        )

        return refund_create

