from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="LoyaltyReadRepeatPurchaseRateNonMembers")



@_attrs_define
class LoyaltyReadRepeatPurchaseRateNonMembers:
    """ 
        Attributes:
            buyers (int):
            repeat_buyers (int):
            rate (float | None):
     """

    buyers: int
    repeat_buyers: int
    rate: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        buyers = self.buyers

        repeat_buyers = self.repeat_buyers

        rate: float | None
        rate = self.rate


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "buyers": buyers,
            "repeat_buyers": repeat_buyers,
            "rate": rate,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        buyers = d.pop("buyers")

        repeat_buyers = d.pop("repeat_buyers")

        def _parse_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rate = _parse_rate(d.pop("rate"))


        loyalty_read_repeat_purchase_rate_non_members = cls(
            buyers=buyers,
            repeat_buyers=repeat_buyers,
            rate=rate,
        )


        loyalty_read_repeat_purchase_rate_non_members.additional_properties = d
        return loyalty_read_repeat_purchase_rate_non_members

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
