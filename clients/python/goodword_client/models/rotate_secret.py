from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="RotateSecret")



@_attrs_define
class RotateSecret:
    """ 
        Attributes:
            previous_secret_expires_in (int | Unset): seconds the old secret keeps signing beside the new one (0, the
                default: it stops at once; at most 7 days) Default: 0.
     """

    previous_secret_expires_in: int | Unset = 0





    def to_dict(self) -> dict[str, Any]:
        previous_secret_expires_in = self.previous_secret_expires_in


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if previous_secret_expires_in is not UNSET:
            field_dict["previous_secret_expires_in"] = previous_secret_expires_in

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        previous_secret_expires_in = d.pop("previous_secret_expires_in", UNSET)

        rotate_secret = cls(
            previous_secret_expires_in=previous_secret_expires_in,
        )

        return rotate_secret

