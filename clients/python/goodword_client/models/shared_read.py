from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="SharedRead")



@_attrs_define
class SharedRead:
    """ 
        Attributes:
            what (str): network | address | device | browser | domain | pattern
            value (None | str): the shared browser, domain or pattern; none for hashed evidence
            count (str):
     """

    what: str
    value: None | str
    count: str





    def to_dict(self) -> dict[str, Any]:
        what = self.what

        value: None | str
        value = self.value

        count = self.count


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "what": what,
            "value": value,
            "count": count,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        what = d.pop("what")

        def _parse_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        value = _parse_value(d.pop("value"))


        count = d.pop("count")

        shared_read = cls(
            what=what,
            value=value,
            count=count,
        )

        return shared_read

