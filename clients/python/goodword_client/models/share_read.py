from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.share_read_object import ShareReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="ShareRead")



@_attrs_define
class ShareRead:
    """ 
        Attributes:
            id (str):
            object_ (ShareReadObject):  Default: ShareReadObject.SHARE.
            promoter (str):
            channel (str):
            url (str): the promoter's signed link, tagged with the channel
            created_at (datetime.datetime):
     """

    id: str
    promoter: str
    channel: str
    url: str
    created_at: datetime.datetime
    object_: ShareReadObject = ShareReadObject.SHARE





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        promoter = self.promoter

        channel = self.channel

        url = self.url

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "promoter": promoter,
            "channel": channel,
            "url": url,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = ShareReadObject(d.pop("object"))




        promoter = d.pop("promoter")

        channel = d.pop("channel")

        url = d.pop("url")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        share_read = cls(
            id=id,
            object_=object_,
            promoter=promoter,
            channel=channel,
            url=url,
            created_at=created_at,
        )

        return share_read

