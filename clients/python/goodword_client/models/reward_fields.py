from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.reward_fields_type import RewardFieldsType






T = TypeVar("T", bound="RewardFields")



@_attrs_define
class RewardFields:
    """ 
        Attributes:
            type_ (RewardFieldsType):
            value (int): fixed_points: points; points_per_currency_unit: points per whole major unit; percent_of_order:
                basis points (1000 = 10%); fixed_credit: minor units of the merchant's currency; coupon: the coupon's value
     """

    type_: RewardFieldsType
    value: int





    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        value = self.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "value": value,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = RewardFieldsType(d.pop("type"))




        value = d.pop("value")

        reward_fields = cls(
            type_=type_,
            value=value,
        )

        return reward_fields

