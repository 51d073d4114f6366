from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.share_create_channel import ShareCreateChannel






T = TypeVar("T", bound="ShareCreate")



@_attrs_define
class ShareCreate:
    """ 
        Attributes:
            channel (ShareCreateChannel): where the link went
     """

    channel: ShareCreateChannel





    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "channel": channel,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = ShareCreateChannel(d.pop("channel"))




        share_create = cls(
            channel=channel,
        )

        return share_create

