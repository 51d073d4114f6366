from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.tier_create_metric import TierCreateMetric
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="TierCreate")



@_attrs_define
class TierCreate:
    """ 
        Attributes:
            name (str):
            metric (TierCreateMetric):
            threshold (int):
            window_days (int):
            multiplier (int | Unset):  Default: 10000.
            perks (None | str | Unset):
            grace_days (int | Unset): days below the threshold before demotion; default 30
     """

    name: str
    metric: TierCreateMetric
    threshold: int
    window_days: int
    multiplier: int | Unset = 10000
    perks: None | str | Unset = UNSET
    grace_days: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        metric = self.metric.value

        threshold = self.threshold

        window_days = self.window_days

        multiplier = self.multiplier

        perks: None | str | Unset
        if isinstance(self.perks, Unset):
            perks = UNSET
        else:
            perks = self.perks

        grace_days = self.grace_days


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "metric": metric,
            "threshold": threshold,
            "window_days": window_days,
        })
        if multiplier is not UNSET:
            field_dict["multiplier"] = multiplier
        if perks is not UNSET:
            field_dict["perks"] = perks
        if grace_days is not UNSET:
            field_dict["grace_days"] = grace_days

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        metric = TierCreateMetric(d.pop("metric"))




        threshold = d.pop("threshold")

        window_days = d.pop("window_days")

        multiplier = d.pop("multiplier", UNSET)

        def _parse_perks(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        perks = _parse_perks(d.pop("perks", UNSET))


        grace_days = d.pop("grace_days", UNSET)

        tier_create = cls(
            name=name,
            metric=metric,
            threshold=threshold,
            window_days=window_days,
            multiplier=multiplier,
            perks=perks,
            grace_days=grace_days,
        )

        return tier_create

