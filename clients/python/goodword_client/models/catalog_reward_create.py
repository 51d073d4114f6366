from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.catalog_reward_create_kind import CatalogRewardCreateKind
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="CatalogRewardCreate")



@_attrs_define
class CatalogRewardCreate:
    """ 
        Attributes:
            name (str):
            points_cost (int):
            kind (CatalogRewardCreateKind): store_credit or amount_coupon (give amount), percent_coupon (give percent_off),
                free_shipping, free_product (give product), code_pool (upload codes)
            description (None | str | Unset):
            per_member_limit (int | None | Unset): redemptions per member; null: no limit
            active (bool | Unset):  Default: True.
            amount (int | Unset): minor units of your currency
            percent_off (int | Unset):
            product (str | Unset):
     """

    name: str
    points_cost: int
    kind: CatalogRewardCreateKind
    description: None | str | Unset = UNSET
    per_member_limit: int | None | Unset = UNSET
    active: bool | Unset = True
    amount: int | Unset = UNSET
    percent_off: int | Unset = UNSET
    product: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        points_cost = self.points_cost

        kind = self.kind.value

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        per_member_limit: int | None | Unset
        if isinstance(self.per_member_limit, Unset):
            per_member_limit = UNSET
        else:
            per_member_limit = self.per_member_limit

        active = self.active

        amount = self.amount

        percent_off = self.percent_off

        product = self.product


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "points_cost": points_cost,
            "kind": kind,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if per_member_limit is not UNSET:
            field_dict["per_member_limit"] = per_member_limit
        if active is not UNSET:
            field_dict["active"] = active
        if amount is not UNSET:
            field_dict["amount"] = amount
        if percent_off is not UNSET:
            field_dict["percent_off"] = percent_off
        if product is not UNSET:
            field_dict["product"] = product

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        points_cost = d.pop("points_cost")

        kind = CatalogRewardCreateKind(d.pop("kind"))




        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        def _parse_per_member_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_member_limit = _parse_per_member_limit(d.pop("per_member_limit", UNSET))


        active = d.pop("active", UNSET)

        amount = d.pop("amount", UNSET)

        percent_off = d.pop("percent_off", UNSET)

        product = d.pop("product", UNSET)

        catalog_reward_create = cls(
            name=name,
            points_cost=points_cost,
            kind=kind,
            description=description,
            per_member_limit=per_member_limit,
            active=active,
            amount=amount,
            percent_off=percent_off,
            product=product,
        )

        return catalog_reward_create

