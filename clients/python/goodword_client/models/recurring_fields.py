from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.recurring_fields_mode import RecurringFieldsMode
from ..types import UNSET, Unset






T = TypeVar("T", bound="RecurringFields")



@_attrs_define
class RecurringFields:
    """ 
        Attributes:
            mode (RecurringFieldsMode): first_invoice: only a subscription's first paid invoice; months: every invoice whose
                service period starts within `months` of the first's
            months (int | Unset): with mode months
     """

    mode: RecurringFieldsMode
    months: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        mode = self.mode.value

        months = self.months


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "mode": mode,
        })
        if months is not UNSET:
            field_dict["months"] = months

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mode = RecurringFieldsMode(d.pop("mode"))




        months = d.pop("months", UNSET)

        recurring_fields = cls(
            mode=mode,
            months=months,
        )

        return recurring_fields

