from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.rule_update_beneficiary import RuleUpdateBeneficiary
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.condition_fields import ConditionFields
  from ..models.limit_fields import LimitFields
  from ..models.reward_fields import RewardFields
  from ..models.rule_update_metadata import RuleUpdateMetadata





T = TypeVar("T", bound="RuleUpdate")



@_attrs_define
class RuleUpdate:
    """ 
        Attributes:
            metadata (RuleUpdateMetadata | Unset): your own keys and values (50 keys, keys up to 40 characters, values up to
                500); on update, "" removes a key and keys not sent stay
            name (str | Unset):
            active (bool | Unset): false disables the rule (a new version)
            beneficiary (RuleUpdateBeneficiary | Unset):
            reward (RewardFields | Unset):
            conditions (ConditionFields | Unset):
            limits (LimitFields | Unset):
            hold_days (int | None | Unset): null: the merchant's hold_days
     """

    metadata: RuleUpdateMetadata | Unset = UNSET
    name: str | Unset = UNSET
    active: bool | Unset = UNSET
    beneficiary: RuleUpdateBeneficiary | Unset = UNSET
    reward: RewardFields | Unset = UNSET
    conditions: ConditionFields | Unset = UNSET
    limits: LimitFields | Unset = UNSET
    hold_days: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.condition_fields import ConditionFields # noqa: PLC0415
        from ..models.limit_fields import LimitFields # noqa: PLC0415
        from ..models.reward_fields import RewardFields # noqa: PLC0415
        from ..models.rule_update_metadata import RuleUpdateMetadata # noqa: PLC0415
        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        name = self.name

        active = self.active

        beneficiary: str | Unset = UNSET
        if not isinstance(self.beneficiary, Unset):
            beneficiary = self.beneficiary.value


        reward: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reward, Unset):
            reward = self.reward.to_dict()

        conditions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.conditions, Unset):
            conditions = self.conditions.to_dict()

        limits: dict[str, Any] | Unset = UNSET
        if not isinstance(self.limits, Unset):
            limits = self.limits.to_dict()

        hold_days: int | None | Unset
        if isinstance(self.hold_days, Unset):
            hold_days = UNSET
        else:
            hold_days = self.hold_days


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if name is not UNSET:
            field_dict["name"] = name
        if active is not UNSET:
            field_dict["active"] = active
        if beneficiary is not UNSET:
            field_dict["beneficiary"] = beneficiary
        if reward is not UNSET:
            field_dict["reward"] = reward
        if conditions is not UNSET:
            field_dict["conditions"] = conditions
        if limits is not UNSET:
            field_dict["limits"] = limits
        if hold_days is not UNSET:
            field_dict["hold_days"] = hold_days

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.condition_fields import ConditionFields # noqa: PLC0415
        from ..models.limit_fields import LimitFields # noqa: PLC0415
        from ..models.reward_fields import RewardFields # noqa: PLC0415
        from ..models.rule_update_metadata import RuleUpdateMetadata # noqa: PLC0415
        d = dict(src_dict)
        _metadata = d.pop("metadata", UNSET)
        metadata: RuleUpdateMetadata | Unset
        if isinstance(_metadata,  Unset):
            metadata = UNSET
        else:
            metadata = RuleUpdateMetadata.from_dict(_metadata)




        name = d.pop("name", UNSET)

        active = d.pop("active", UNSET)

        _beneficiary = d.pop("beneficiary", UNSET)
        beneficiary: RuleUpdateBeneficiary | Unset
        if isinstance(_beneficiary,  Unset):
            beneficiary = UNSET
        else:
            beneficiary = RuleUpdateBeneficiary(_beneficiary)




        _reward = d.pop("reward", UNSET)
        reward: RewardFields | Unset
        if isinstance(_reward,  Unset):
            reward = UNSET
        else:
            reward = RewardFields.from_dict(_reward)




        _conditions = d.pop("conditions", UNSET)
        conditions: ConditionFields | Unset
        if isinstance(_conditions,  Unset):
            conditions = UNSET
        else:
            conditions = ConditionFields.from_dict(_conditions)




        _limits = d.pop("limits", UNSET)
        limits: LimitFields | Unset
        if isinstance(_limits,  Unset):
            limits = UNSET
        else:
            limits = LimitFields.from_dict(_limits)




        def _parse_hold_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        hold_days = _parse_hold_days(d.pop("hold_days", UNSET))


        rule_update = cls(
            metadata=metadata,
            name=name,
            active=active,
            beneficiary=beneficiary,
            reward=reward,
            conditions=conditions,
            limits=limits,
            hold_days=hold_days,
        )

        return rule_update

