from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="PromoterLinkRead")



@_attrs_define
class PromoterLinkRead:
    """ 
        Attributes:
            id (str):
            code (str):
            referral_url (str):
     """

    id: str
    code: str
    referral_url: str





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        code = self.code

        referral_url = self.referral_url


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "code": code,
            "referral_url": referral_url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        code = d.pop("code")

        referral_url = d.pop("referral_url")

        promoter_link_read = cls(
            id=id,
            code=code,
            referral_url=referral_url,
        )

        return promoter_link_read

