from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.catalog_reward_read_object import CatalogRewardReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="CatalogRewardRead")



@_attrs_define
class CatalogRewardRead:
    """ 
        Attributes:
            id (str):
            object_ (CatalogRewardReadObject):  Default: CatalogRewardReadObject.CATALOG_REWARD.
            name (str):
            description (None | str):
            kind (str):
            points_cost (int):
            amount (int | None):
            currency (None | str):
            percent_off (int | None):
            product (None | str):
            per_member_limit (int | None):
            active (bool):
            codes_left (int | None): free codes of a code_pool reward
            created_at (datetime.datetime):
     """

    id: str
    name: str
    description: None | str
    kind: str
    points_cost: int
    amount: int | None
    currency: None | str
    percent_off: int | None
    product: None | str
    per_member_limit: int | None
    active: bool
    codes_left: int | None
    created_at: datetime.datetime
    object_: CatalogRewardReadObject = CatalogRewardReadObject.CATALOG_REWARD





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        name = self.name

        description: None | str
        description = self.description

        kind = self.kind

        points_cost = self.points_cost

        amount: int | None
        amount = self.amount

        currency: None | str
        currency = self.currency

        percent_off: int | None
        percent_off = self.percent_off

        product: None | str
        product = self.product

        per_member_limit: int | None
        per_member_limit = self.per_member_limit

        active = self.active

        codes_left: int | None
        codes_left = self.codes_left

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "name": name,
            "description": description,
            "kind": kind,
            "points_cost": points_cost,
            "amount": amount,
            "currency": currency,
            "percent_off": percent_off,
            "product": product,
            "per_member_limit": per_member_limit,
            "active": active,
            "codes_left": codes_left,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = CatalogRewardReadObject(d.pop("object"))




        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))


        kind = d.pop("kind")

        points_cost = d.pop("points_cost")

        def _parse_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount = _parse_amount(d.pop("amount"))


        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))


        def _parse_percent_off(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        percent_off = _parse_percent_off(d.pop("percent_off"))


        def _parse_product(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        product = _parse_product(d.pop("product"))


        def _parse_per_member_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        per_member_limit = _parse_per_member_limit(d.pop("per_member_limit"))


        active = d.pop("active")

        def _parse_codes_left(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        codes_left = _parse_codes_left(d.pop("codes_left"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        catalog_reward_read = cls(
            id=id,
            object_=object_,
            name=name,
            description=description,
            kind=kind,
            points_cost=points_cost,
            amount=amount,
            currency=currency,
            percent_off=percent_off,
            product=product,
            per_member_limit=per_member_limit,
            active=active,
            codes_left=codes_left,
            created_at=created_at,
        )

        return catalog_reward_read

