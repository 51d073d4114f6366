from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="CustomerCreate")



@_attrs_define
class CustomerCreate:
    """ 
        Attributes:
            external_id (str): your id for this customer
            email (str | Unset):
            name (str | Unset):
     """

    external_id: str
    email: str | Unset = UNSET
    name: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        email = self.email

        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "external_id": external_id,
        })
        if email is not UNSET:
            field_dict["email"] = email
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        external_id = d.pop("external_id")

        email = d.pop("email", UNSET)

        name = d.pop("name", UNSET)

        customer_create = cls(
            external_id=external_id,
            email=email,
            name=name,
        )

        return customer_create

