from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.loyalty_read_object import LoyaltyReadObject
from typing import cast

if TYPE_CHECKING:
  from ..models.loyalty_read_active_members import LoyaltyReadActiveMembers
  from ..models.loyalty_read_points_liability import LoyaltyReadPointsLiability
  from ..models.loyalty_read_repeat_purchase_rate import LoyaltyReadRepeatPurchaseRate





T = TypeVar("T", bound="LoyaltyRead")



@_attrs_define
class LoyaltyRead:
    """ 
        Attributes:
            object_ (LoyaltyReadObject):  Default: LoyaltyReadObject.LOYALTY_STATS.
            members (int):
            repeat_purchase_rate (LoyaltyReadRepeatPurchaseRate):
            active_members (LoyaltyReadActiveMembers):
            points_liability (LoyaltyReadPointsLiability):
            points_issued (int):
            points_redeemed (int):
            points_expired (int):
            redemption_rate (float | None):
     """

    members: int
    repeat_purchase_rate: LoyaltyReadRepeatPurchaseRate
    active_members: LoyaltyReadActiveMembers
    points_liability: LoyaltyReadPointsLiability
    points_issued: int
    points_redeemed: int
    points_expired: int
    redemption_rate: float | None
    object_: LoyaltyReadObject = LoyaltyReadObject.LOYALTY_STATS





    def to_dict(self) -> dict[str, Any]:
        from ..models.loyalty_read_active_members import LoyaltyReadActiveMembers # noqa: PLC0415
        from ..models.loyalty_read_points_liability import LoyaltyReadPointsLiability # noqa: PLC0415
        from ..models.loyalty_read_repeat_purchase_rate import LoyaltyReadRepeatPurchaseRate # noqa: PLC0415
        object_ = self.object_.value

        members = self.members

        repeat_purchase_rate = self.repeat_purchase_rate.to_dict()

        active_members = self.active_members.to_dict()

        points_liability = self.points_liability.to_dict()

        points_issued = self.points_issued

        points_redeemed = self.points_redeemed

        points_expired = self.points_expired

        redemption_rate: float | None
        redemption_rate = self.redemption_rate


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "members": members,
            "repeat_purchase_rate": repeat_purchase_rate,
            "active_members": active_members,
            "points_liability": points_liability,
            "points_issued": points_issued,
            "points_redeemed": points_redeemed,
            "points_expired": points_expired,
            "redemption_rate": redemption_rate,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.loyalty_read_active_members import LoyaltyReadActiveMembers # noqa: PLC0415
        from ..models.loyalty_read_points_liability import LoyaltyReadPointsLiability # noqa: PLC0415
        from ..models.loyalty_read_repeat_purchase_rate import LoyaltyReadRepeatPurchaseRate # noqa: PLC0415
        d = dict(src_dict)
        object_ = LoyaltyReadObject(d.pop("object"))




        members = d.pop("members")

        repeat_purchase_rate = LoyaltyReadRepeatPurchaseRate.from_dict(d.pop("repeat_purchase_rate"))




        active_members = LoyaltyReadActiveMembers.from_dict(d.pop("active_members"))




        points_liability = LoyaltyReadPointsLiability.from_dict(d.pop("points_liability"))




        points_issued = d.pop("points_issued")

        points_redeemed = d.pop("points_redeemed")

        points_expired = d.pop("points_expired")

        def _parse_redemption_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        redemption_rate = _parse_redemption_rate(d.pop("redemption_rate"))


        loyalty_read = cls(
            object_=object_,
            members=members,
            repeat_purchase_rate=repeat_purchase_rate,
            active_members=active_members,
            points_liability=points_liability,
            points_issued=points_issued,
            points_redeemed=points_redeemed,
            points_expired=points_expired,
            redemption_rate=redemption_rate,
        )

        return loyalty_read

