from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="NextTierRead")



@_attrs_define
class NextTierRead:
    """ 
        Attributes:
            id (str):
            name (str):
            metric (str):
            threshold (int):
            window_days (int):
            current (int): the promoter's figure so far
     """

    id: str
    name: str
    metric: str
    threshold: int
    window_days: int
    current: int





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        metric = self.metric

        threshold = self.threshold

        window_days = self.window_days

        current = self.current


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "name": name,
            "metric": metric,
            "threshold": threshold,
            "window_days": window_days,
            "current": current,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        metric = d.pop("metric")

        threshold = d.pop("threshold")

        window_days = d.pop("window_days")

        current = d.pop("current")

        next_tier_read = cls(
            id=id,
            name=name,
            metric=metric,
            threshold=threshold,
            window_days=window_days,
            current=current,
        )

        return next_tier_read

