from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="PromoterUpdate")



@_attrs_define
class PromoterUpdate:
    """ 
        Attributes:
            birthday (None | str): MM-DD, never a year; null forgets it
     """

    birthday: None | str





    def to_dict(self) -> dict[str, Any]:
        birthday: None | str
        birthday = self.birthday


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "birthday": birthday,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_birthday(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        birthday = _parse_birthday(d.pop("birthday"))


        promoter_update = cls(
            birthday=birthday,
        )

        return promoter_update

