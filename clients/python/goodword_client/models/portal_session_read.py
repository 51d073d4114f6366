from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.portal_session_read_object import PortalSessionReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="PortalSessionRead")



@_attrs_define
class PortalSessionRead:
    """ 
        Attributes:
            object_ (PortalSessionReadObject):  Default: PortalSessionReadObject.PORTAL_SESSION.
            promoter (str):
            url (str): send the promoter here within the hour
            expires_at (datetime.datetime):
     """

    promoter: str
    url: str
    expires_at: datetime.datetime
    object_: PortalSessionReadObject = PortalSessionReadObject.PORTAL_SESSION





    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.value

        promoter = self.promoter

        url = self.url

        expires_at = self.expires_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "promoter": promoter,
            "url": url,
            "expires_at": expires_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        object_ = PortalSessionReadObject(d.pop("object"))




        promoter = d.pop("promoter")

        url = d.pop("url")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        portal_session_read = cls(
            object_=object_,
            promoter=promoter,
            url=url,
            expires_at=expires_at,
        )

        return portal_session_read

