from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.redemption_create_reward_kind import RedemptionCreateRewardKind
from ..types import UNSET, Unset






T = TypeVar("T", bound="RedemptionCreate")



@_attrs_define
class RedemptionCreate:
    """ 
        Attributes:
            promoter (str):
            points (int):
            reward_kind (RedemptionCreateRewardKind | Unset): store_credit: points times the merchant's point_value; stripe:
                that value paid out through Stripe as the merchant's stripe_payout (a one-time promotion code, or customer
                balance credit) Default: RedemptionCreateRewardKind.STORE_CREDIT.
     """

    promoter: str
    points: int
    reward_kind: RedemptionCreateRewardKind | Unset = RedemptionCreateRewardKind.STORE_CREDIT





    def to_dict(self) -> dict[str, Any]:
        promoter = self.promoter

        points = self.points

        reward_kind: str | Unset = UNSET
        if not isinstance(self.reward_kind, Unset):
            reward_kind = self.reward_kind.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "promoter": promoter,
            "points": points,
        })
        if reward_kind is not UNSET:
            field_dict["reward_kind"] = reward_kind

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        promoter = d.pop("promoter")

        points = d.pop("points")

        _reward_kind = d.pop("reward_kind", UNSET)
        reward_kind: RedemptionCreateRewardKind | Unset
        if isinstance(_reward_kind,  Unset):
            reward_kind = UNSET
        else:
            reward_kind = RedemptionCreateRewardKind(_reward_kind)




        redemption_create = cls(
            promoter=promoter,
            points=points,
            reward_kind=reward_kind,
        )

        return redemption_create

