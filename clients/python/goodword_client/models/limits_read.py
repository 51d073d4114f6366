from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="LimitsRead")



@_attrs_define
class LimitsRead:
    """ 
        Attributes:
            per_promoter_per_day (int | None):
            per_promoter_per_month (int | None):
            per_promoter_lifetime (int | None):
            lifetime_cap (int | None):
            budget (int | None):
            per_channel_days (int | None):
     """

    per_promoter_per_day: int | None
    per_promoter_per_month: int | None
    per_promoter_lifetime: int | None
    lifetime_cap: int | None
    budget: int | None
    per_channel_days: int | None





    def to_dict(self) -> dict[str, Any]:
        per_promoter_per_day: int | None
        per_promoter_per_day = self.per_promoter_per_day

        per_promoter_per_month: int | None
        per_promoter_per_month = self.per_promoter_per_month

        per_promoter_lifetime: int | None
        per_promoter_lifetime = self.per_promoter_lifetime

        lifetime_cap: int | None
        lifetime_cap = self.lifetime_cap

        budget: int | None
        budget = self.budget

        per_channel_days: int | None
        per_channel_days = self.per_channel_days


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "per_promoter_per_day": per_promoter_per_day,
            "per_promoter_per_month": per_promoter_per_month,
            "per_promoter_lifetime": per_promoter_lifetime,
            "lifetime_cap": lifetime_cap,
            "budget": budget,
            "per_channel_days": per_channel_days,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_per_promoter_per_day(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        per_promoter_per_day = _parse_per_promoter_per_day(d.pop("per_promoter_per_day"))


        def _parse_per_promoter_per_month(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        per_promoter_per_month = _parse_per_promoter_per_month(d.pop("per_promoter_per_month"))


        def _parse_per_promoter_lifetime(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        per_promoter_lifetime = _parse_per_promoter_lifetime(d.pop("per_promoter_lifetime"))


        def _parse_lifetime_cap(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        lifetime_cap = _parse_lifetime_cap(d.pop("lifetime_cap"))


        def _parse_budget(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        budget = _parse_budget(d.pop("budget"))


        def _parse_per_channel_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        per_channel_days = _parse_per_channel_days(d.pop("per_channel_days"))


        limits_read = cls(
            per_promoter_per_day=per_promoter_per_day,
            per_promoter_per_month=per_promoter_per_month,
            per_promoter_lifetime=per_promoter_lifetime,
            lifetime_cap=lifetime_cap,
            budget=budget,
            per_channel_days=per_channel_days,
        )

        return limits_read

