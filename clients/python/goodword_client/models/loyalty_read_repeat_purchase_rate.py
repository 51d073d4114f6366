from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.loyalty_read_repeat_purchase_rate_members import LoyaltyReadRepeatPurchaseRateMembers
  from ..models.loyalty_read_repeat_purchase_rate_non_members import LoyaltyReadRepeatPurchaseRateNonMembers





T = TypeVar("T", bound="LoyaltyReadRepeatPurchaseRate")



@_attrs_define
class LoyaltyReadRepeatPurchaseRate:
    """ 
        Attributes:
            members (LoyaltyReadRepeatPurchaseRateMembers):
            non_members (LoyaltyReadRepeatPurchaseRateNonMembers):
     """

    members: LoyaltyReadRepeatPurchaseRateMembers
    non_members: LoyaltyReadRepeatPurchaseRateNonMembers
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.loyalty_read_repeat_purchase_rate_members import LoyaltyReadRepeatPurchaseRateMembers # noqa: PLC0415
        from ..models.loyalty_read_repeat_purchase_rate_non_members import LoyaltyReadRepeatPurchaseRateNonMembers # noqa: PLC0415
        members = self.members.to_dict()

        non_members = self.non_members.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "members": members,
            "non_members": non_members,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.loyalty_read_repeat_purchase_rate_members import LoyaltyReadRepeatPurchaseRateMembers # noqa: PLC0415
        from ..models.loyalty_read_repeat_purchase_rate_non_members import LoyaltyReadRepeatPurchaseRateNonMembers # noqa: PLC0415
        d = dict(src_dict)
        members = LoyaltyReadRepeatPurchaseRateMembers.from_dict(d.pop("members"))




        non_members = LoyaltyReadRepeatPurchaseRateNonMembers.from_dict(d.pop("non_members"))




        loyalty_read_repeat_purchase_rate = cls(
            members=members,
            non_members=non_members,
        )


        loyalty_read_repeat_purchase_rate.additional_properties = d
        return loyalty_read_repeat_purchase_rate

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
