from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="RejectionCreate")



@_attrs_define
class RejectionCreate:
    """ 
        Attributes:
            note (str | Unset):
            revoke (bool | Unset): reject one approved before: the referral rewards its orders paid are clawed back; without
                it only one held for review is rejected Default: False.
     """

    note: str | Unset = UNSET
    revoke: bool | Unset = False





    def to_dict(self) -> dict[str, Any]:
        note = self.note

        revoke = self.revoke


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if note is not UNSET:
            field_dict["note"] = note
        if revoke is not UNSET:
            field_dict["revoke"] = revoke

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        note = d.pop("note", UNSET)

        revoke = d.pop("revoke", UNSET)

        rejection_create = cls(
            note=note,
            revoke=revoke,
        )

        return rejection_create

