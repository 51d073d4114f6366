from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="CatalogRewardUpdate")



@_attrs_define
class CatalogRewardUpdate:
    """ 
        Attributes:
            name (str | Unset):
            description (None | str | Unset):
            points_cost (int | Unset):
            per_member_limit (int | None | Unset): redemptions per member; null: no limit
            active (bool | Unset): false: no longer offered
     """

    name: str | Unset = UNSET
    description: None | str | Unset = UNSET
    points_cost: int | Unset = UNSET
    per_member_limit: int | None | Unset = UNSET
    active: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        points_cost = self.points_cost

        per_member_limit: int | None | Unset
        if isinstance(self.per_member_limit, Unset):
            per_member_limit = UNSET
        else:
            per_member_limit = self.per_member_limit

        active = self.active


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if points_cost is not UNSET:
            field_dict["points_cost"] = points_cost
        if per_member_limit is not UNSET:
            field_dict["per_member_limit"] = per_member_limit
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        points_cost = d.pop("points_cost", UNSET)

        def _parse_per_member_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_member_limit = _parse_per_member_limit(d.pop("per_member_limit", UNSET))


        active = d.pop("active", UNSET)

        catalog_reward_update = cls(
            name=name,
            description=description,
            points_cost=points_cost,
            per_member_limit=per_member_limit,
            active=active,
        )

        return catalog_reward_update

