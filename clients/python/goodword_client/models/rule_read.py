from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.rule_read_object import RuleReadObject
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.conditions_read import ConditionsRead
  from ..models.limits_read import LimitsRead
  from ..models.reward_read import RewardRead
  from ..models.rule_read_metadata import RuleReadMetadata





T = TypeVar("T", bound="RuleRead")



@_attrs_define
class RuleRead:
    """ 
        Attributes:
            id (str):
            object_ (RuleReadObject):  Default: RuleReadObject.RULE.
            name (str):
            trigger (str):
            version (int): the version shown
            current_version (int):
            active (bool): as of the version shown
            beneficiary (str):
            reward (RewardRead):
            conditions (ConditionsRead):
            limits (LimitsRead):
            hold_days (int | None): null: the merchant's hold_days
            created_at (datetime.datetime):
            version_created_at (datetime.datetime):
            metadata (RuleReadMetadata): your own keys and values
     """

    id: str
    name: str
    trigger: str
    version: int
    current_version: int
    active: bool
    beneficiary: str
    reward: RewardRead
    conditions: ConditionsRead
    limits: LimitsRead
    hold_days: int | None
    created_at: datetime.datetime
    version_created_at: datetime.datetime
    metadata: RuleReadMetadata
    object_: RuleReadObject = RuleReadObject.RULE





    def to_dict(self) -> dict[str, Any]:
        from ..models.conditions_read import ConditionsRead # noqa: PLC0415
        from ..models.limits_read import LimitsRead # noqa: PLC0415
        from ..models.reward_read import RewardRead # noqa: PLC0415
        from ..models.rule_read_metadata import RuleReadMetadata # noqa: PLC0415
        id = self.id

        object_ = self.object_.value

        name = self.name

        trigger = self.trigger

        version = self.version

        current_version = self.current_version

        active = self.active

        beneficiary = self.beneficiary

        reward = self.reward.to_dict()

        conditions = self.conditions.to_dict()

        limits = self.limits.to_dict()

        hold_days: int | None
        hold_days = self.hold_days

        created_at = self.created_at.isoformat()

        version_created_at = self.version_created_at.isoformat()

        metadata = self.metadata.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "name": name,
            "trigger": trigger,
            "version": version,
            "current_version": current_version,
            "active": active,
            "beneficiary": beneficiary,
            "reward": reward,
            "conditions": conditions,
            "limits": limits,
            "hold_days": hold_days,
            "created_at": created_at,
            "version_created_at": version_created_at,
            "metadata": metadata,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.conditions_read import ConditionsRead # noqa: PLC0415
        from ..models.limits_read import LimitsRead # noqa: PLC0415
        from ..models.reward_read import RewardRead # noqa: PLC0415
        from ..models.rule_read_metadata import RuleReadMetadata # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        object_ = RuleReadObject(d.pop("object"))




        name = d.pop("name")

        trigger = d.pop("trigger")

        version = d.pop("version")

        current_version = d.pop("current_version")

        active = d.pop("active")

        beneficiary = d.pop("beneficiary")

        reward = RewardRead.from_dict(d.pop("reward"))




        conditions = ConditionsRead.from_dict(d.pop("conditions"))




        limits = LimitsRead.from_dict(d.pop("limits"))




        def _parse_hold_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        hold_days = _parse_hold_days(d.pop("hold_days"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        version_created_at = datetime.datetime.fromisoformat(d.pop("version_created_at"))




        metadata = RuleReadMetadata.from_dict(d.pop("metadata"))




        rule_read = cls(
            id=id,
            object_=object_,
            name=name,
            trigger=trigger,
            version=version,
            current_version=current_version,
            active=active,
            beneficiary=beneficiary,
            reward=reward,
            conditions=conditions,
            limits=limits,
            hold_days=hold_days,
            created_at=created_at,
            version_created_at=version_created_at,
            metadata=metadata,
        )

        return rule_read

