from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="StageRead")



@_attrs_define
class StageRead:
    """ 
        Attributes:
            stage (str):
            label (str):
            count (int):
            rate (float | None): the share of the stage before that reached this one, 0 to 1 (null for the first stage)
     """

    stage: str
    label: str
    count: int
    rate: float | None





    def to_dict(self) -> dict[str, Any]:
        stage = self.stage

        label = self.label

        count = self.count

        rate: float | None
        rate = self.rate


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "stage": stage,
            "label": label,
            "count": count,
            "rate": rate,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        stage = d.pop("stage")

        label = d.pop("label")

        count = d.pop("count")

        def _parse_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rate = _parse_rate(d.pop("rate"))


        stage_read = cls(
            stage=stage,
            label=label,
            count=count,
            rate=rate,
        )

        return stage_read

