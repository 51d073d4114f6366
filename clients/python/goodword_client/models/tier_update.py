from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.tier_update_metric import TierUpdateMetric
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="TierUpdate")



@_attrs_define
class TierUpdate:
    """ 
        Attributes:
            name (str | Unset):
            metric (TierUpdateMetric | Unset): what the threshold counts; one metric per merchant
            threshold (int | Unset): approved referrals, or points earned net of clawbacks
            window_days (int | Unset): the rolling window the threshold is counted over
            multiplier (int | Unset): basis points applied to rule awards: 15000 is 1.5x
            perks (None | str | Unset):
            grace_days (int | Unset): days below the threshold before demotion; default 30
     """

    name: str | Unset = UNSET
    metric: TierUpdateMetric | Unset = UNSET
    threshold: int | Unset = UNSET
    window_days: int | Unset = UNSET
    multiplier: int | Unset = UNSET
    perks: None | str | Unset = UNSET
    grace_days: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        metric: str | Unset = UNSET
        if not isinstance(self.metric, Unset):
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
        })
        if name is not UNSET:
            field_dict["name"] = name
        if metric is not UNSET:
            field_dict["metric"] = metric
        if threshold is not UNSET:
            field_dict["threshold"] = threshold
        if window_days is not UNSET:
            field_dict["window_days"] = window_days
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
        name = d.pop("name", UNSET)

        _metric = d.pop("metric", UNSET)
        metric: TierUpdateMetric | Unset
        if isinstance(_metric,  Unset):
            metric = UNSET
        else:
            metric = TierUpdateMetric(_metric)




        threshold = d.pop("threshold", UNSET)

        window_days = d.pop("window_days", UNSET)

        multiplier = d.pop("multiplier", UNSET)

        def _parse_perks(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        perks = _parse_perks(d.pop("perks", UNSET))


        grace_days = d.pop("grace_days", UNSET)

        tier_update = cls(
            name=name,
            metric=metric,
            threshold=threshold,
            window_days=window_days,
            multiplier=multiplier,
            perks=perks,
            grace_days=grace_days,
        )

        return tier_update

