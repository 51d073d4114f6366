from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="LimitFields")



@_attrs_define
class LimitFields:
    """ 
        Attributes:
            per_promoter_per_day (int | None | Unset): awards per promoter in the last 24 hours
            per_promoter_per_month (int | None | Unset): awards per promoter in the last 30 days
            per_promoter_lifetime (int | None | Unset): awards per promoter ever
            lifetime_cap (int | None | Unset): total amount per promoter, net of clawbacks
            budget (int | None | Unset): total amount across all promoters, net of clawbacks
            per_channel_days (int | None | Unset): share.created only: a promoter's shares through one channel pay once in
                this many days; null or absent: 1
     """

    per_promoter_per_day: int | None | Unset = UNSET
    per_promoter_per_month: int | None | Unset = UNSET
    per_promoter_lifetime: int | None | Unset = UNSET
    lifetime_cap: int | None | Unset = UNSET
    budget: int | None | Unset = UNSET
    per_channel_days: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        per_promoter_per_day: int | None | Unset
        if isinstance(self.per_promoter_per_day, Unset):
            per_promoter_per_day = UNSET
        else:
            per_promoter_per_day = self.per_promoter_per_day

        per_promoter_per_month: int | None | Unset
        if isinstance(self.per_promoter_per_month, Unset):
            per_promoter_per_month = UNSET
        else:
            per_promoter_per_month = self.per_promoter_per_month

        per_promoter_lifetime: int | None | Unset
        if isinstance(self.per_promoter_lifetime, Unset):
            per_promoter_lifetime = UNSET
        else:
            per_promoter_lifetime = self.per_promoter_lifetime

        lifetime_cap: int | None | Unset
        if isinstance(self.lifetime_cap, Unset):
            lifetime_cap = UNSET
        else:
            lifetime_cap = self.lifetime_cap

        budget: int | None | Unset
        if isinstance(self.budget, Unset):
            budget = UNSET
        else:
            budget = self.budget

        per_channel_days: int | None | Unset
        if isinstance(self.per_channel_days, Unset):
            per_channel_days = UNSET
        else:
            per_channel_days = self.per_channel_days


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if per_promoter_per_day is not UNSET:
            field_dict["per_promoter_per_day"] = per_promoter_per_day
        if per_promoter_per_month is not UNSET:
            field_dict["per_promoter_per_month"] = per_promoter_per_month
        if per_promoter_lifetime is not UNSET:
            field_dict["per_promoter_lifetime"] = per_promoter_lifetime
        if lifetime_cap is not UNSET:
            field_dict["lifetime_cap"] = lifetime_cap
        if budget is not UNSET:
            field_dict["budget"] = budget
        if per_channel_days is not UNSET:
            field_dict["per_channel_days"] = per_channel_days

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_per_promoter_per_day(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_promoter_per_day = _parse_per_promoter_per_day(d.pop("per_promoter_per_day", UNSET))


        def _parse_per_promoter_per_month(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_promoter_per_month = _parse_per_promoter_per_month(d.pop("per_promoter_per_month", UNSET))


        def _parse_per_promoter_lifetime(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_promoter_lifetime = _parse_per_promoter_lifetime(d.pop("per_promoter_lifetime", UNSET))


        def _parse_lifetime_cap(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        lifetime_cap = _parse_lifetime_cap(d.pop("lifetime_cap", UNSET))


        def _parse_budget(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        budget = _parse_budget(d.pop("budget", UNSET))


        def _parse_per_channel_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_channel_days = _parse_per_channel_days(d.pop("per_channel_days", UNSET))


        limit_fields = cls(
            per_promoter_per_day=per_promoter_per_day,
            per_promoter_per_month=per_promoter_per_month,
            per_promoter_lifetime=per_promoter_lifetime,
            lifetime_cap=lifetime_cap,
            budget=budget,
            per_channel_days=per_channel_days,
        )

        return limit_fields

