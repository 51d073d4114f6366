from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ErrorBody")



@_attrs_define
class ErrorBody:
    """ 
        Attributes:
            type_ (str): error category
            code (str): stable machine code
            message (str): what went wrong, for a person
            param (None | str): the offending field
     """

    type_: str
    code: str
    message: str
    param: None | str





    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        code = self.code

        message = self.message

        param: None | str
        param = self.param


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "code": code,
            "message": message,
            "param": param,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type")

        code = d.pop("code")

        message = d.pop("message")

        def _parse_param(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        param = _parse_param(d.pop("param"))


        error_body = cls(
            type_=type_,
            code=code,
            message=message,
            param=param,
        )

        return error_body

