from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="RedeliverArgs")



@_attrs_define
class RedeliverArgs:
    """ 
        Attributes:
            endpoint (str | Unset): one webhook endpoint; every subscribed one when absent
     """

    endpoint: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        endpoint = self.endpoint


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if endpoint is not UNSET:
            field_dict["endpoint"] = endpoint

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        endpoint = d.pop("endpoint", UNSET)

        redeliver_args = cls(
            endpoint=endpoint,
        )

        return redeliver_args

