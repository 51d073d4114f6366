from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="PromoterTierRead")



@_attrs_define
class PromoterTierRead:
    """ 
        Attributes:
            id (str):
            name (str):
            multiplier (int):
            perks (None | str):
     """

    id: str
    name: str
    multiplier: int
    perks: None | str





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        multiplier = self.multiplier

        perks: None | str
        perks = self.perks


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "name": name,
            "multiplier": multiplier,
            "perks": perks,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        multiplier = d.pop("multiplier")

        def _parse_perks(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        perks = _parse_perks(d.pop("perks"))


        promoter_tier_read = cls(
            id=id,
            name=name,
            multiplier=multiplier,
            perks=perks,
        )

        return promoter_tier_read

