from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="CodesUpload")



@_attrs_define
class CodesUpload:
    """ 
        Attributes:
            codes (list[str]): unique codes; one already in the pool is skipped
     """

    codes: list[str]





    def to_dict(self) -> dict[str, Any]:
        codes = self.codes




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "codes": codes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        codes = cast(list[str], d.pop("codes"))


        codes_upload = cls(
            codes=codes,
        )

        return codes_upload

