from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.deleted_tier_read_object import DeletedTierReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="DeletedTierRead")



@_attrs_define
class DeletedTierRead:
    """ 
        Attributes:
            id (str):
            object_ (DeletedTierReadObject):  Default: DeletedTierReadObject.TIER.
            name (str):
            metric (str):
            threshold (int):
            window_days (int):
            multiplier (int):
            perks (None | str):
            grace_days (int):
            created_at (datetime.datetime):
            deleted (bool): Always true. Default: True.
     """

    id: str
    name: str
    metric: str
    threshold: int
    window_days: int
    multiplier: int
    perks: None | str
    grace_days: int
    created_at: datetime.datetime
    object_: DeletedTierReadObject = DeletedTierReadObject.TIER
    deleted: bool = True





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        name = self.name

        metric = self.metric

        threshold = self.threshold

        window_days = self.window_days

        multiplier = self.multiplier

        perks: None | str
        perks = self.perks

        grace_days = self.grace_days

        created_at = self.created_at.isoformat()

        deleted = self.deleted


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "name": name,
            "metric": metric,
            "threshold": threshold,
            "window_days": window_days,
            "multiplier": multiplier,
            "perks": perks,
            "grace_days": grace_days,
            "created_at": created_at,
            "deleted": deleted,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = DeletedTierReadObject(d.pop("object"))




        name = d.pop("name")

        metric = d.pop("metric")

        threshold = d.pop("threshold")

        window_days = d.pop("window_days")

        multiplier = d.pop("multiplier")

        def _parse_perks(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        perks = _parse_perks(d.pop("perks"))


        grace_days = d.pop("grace_days")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        deleted = d.pop("deleted")

        deleted_tier_read = cls(
            id=id,
            object_=object_,
            name=name,
            metric=metric,
            threshold=threshold,
            window_days=window_days,
            multiplier=multiplier,
            perks=perks,
            grace_days=grace_days,
            created_at=created_at,
            deleted=deleted,
        )

        return deleted_tier_read

