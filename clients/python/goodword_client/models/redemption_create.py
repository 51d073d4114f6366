from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.redemption_create_reward_kind import RedemptionCreateRewardKind
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.redemption_create_metadata import RedemptionCreateMetadata





T = TypeVar("T", bound="RedemptionCreate")



@_attrs_define
class RedemptionCreate:
    """ 
        Attributes:
            promoter (str):
            points (int):
            metadata (RedemptionCreateMetadata | Unset): your own keys and values (50 keys, keys up to 40 characters, values
                up to 500); on update, "" removes a key and keys not sent stay
            reward_kind (RedemptionCreateRewardKind | Unset): store_credit: points times the merchant's point_value; stripe:
                that value paid out through Stripe as the merchant's stripe_payout (a one-time promotion code, or customer
                balance credit) Default: RedemptionCreateRewardKind.STORE_CREDIT.
     """

    promoter: str
    points: int
    metadata: RedemptionCreateMetadata | Unset = UNSET
    reward_kind: RedemptionCreateRewardKind | Unset = RedemptionCreateRewardKind.STORE_CREDIT





    def to_dict(self) -> dict[str, Any]:
        from ..models.redemption_create_metadata import RedemptionCreateMetadata # noqa: PLC0415
        promoter = self.promoter

        points = self.points

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        reward_kind: str | Unset = UNSET
        if not isinstance(self.reward_kind, Unset):
            reward_kind = self.reward_kind.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "promoter": promoter,
            "points": points,
        })
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if reward_kind is not UNSET:
            field_dict["reward_kind"] = reward_kind

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.redemption_create_metadata import RedemptionCreateMetadata # noqa: PLC0415
        d = dict(src_dict)
        promoter = d.pop("promoter")

        points = d.pop("points")

        _metadata = d.pop("metadata", UNSET)
        metadata: RedemptionCreateMetadata | Unset
        if isinstance(_metadata,  Unset):
            metadata = UNSET
        else:
            metadata = RedemptionCreateMetadata.from_dict(_metadata)




        _reward_kind = d.pop("reward_kind", UNSET)
        reward_kind: RedemptionCreateRewardKind | Unset
        if isinstance(_reward_kind,  Unset):
            reward_kind = UNSET
        else:
            reward_kind = RedemptionCreateRewardKind(_reward_kind)




        redemption_create = cls(
            promoter=promoter,
            points=points,
            metadata=metadata,
            reward_kind=reward_kind,
        )

        return redemption_create

