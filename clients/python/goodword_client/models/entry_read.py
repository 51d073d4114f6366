from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="EntryRead")



@_attrs_define
class EntryRead:
    """ 
        Attributes:
            owner (str): the promoter id, or merchant
            account (str): pending, available, held, debt, issued, redeemed, expired or clawed_back
            amount (int):
     """

    owner: str
    account: str
    amount: int





    def to_dict(self) -> dict[str, Any]:
        owner = self.owner

        account = self.account

        amount = self.amount


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "owner": owner,
            "account": account,
            "amount": amount,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        owner = d.pop("owner")

        account = d.pop("account")

        amount = d.pop("amount")

        entry_read = cls(
            owner=owner,
            account=account,
            amount=amount,
        )

        return entry_read

