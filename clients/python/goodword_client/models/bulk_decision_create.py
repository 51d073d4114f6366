from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="BulkDecisionCreate")



@_attrs_define
class BulkDecisionCreate:
    """ 
        Attributes:
            referrals (list[str]): ids of referrals pending review, at most 500
            note (str | Unset):
     """

    referrals: list[str]
    note: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        referrals = self.referrals



        note = self.note


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "referrals": referrals,
        })
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        referrals = cast(list[str], d.pop("referrals"))


        note = d.pop("note", UNSET)

        bulk_decision_create = cls(
            referrals=referrals,
            note=note,
        )

        return bulk_decision_create

