from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.activity_read_object import ActivityReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="ActivityRead")



@_attrs_define
class ActivityRead:
    """ 
        Attributes:
            id (str):
            object_ (ActivityReadObject):  Default: ActivityReadObject.ACTIVITY.
            member (str):
            type_ (str):
            external_id (str):
            created_at (datetime.datetime):
     """

    id: str
    member: str
    type_: str
    external_id: str
    created_at: datetime.datetime
    object_: ActivityReadObject = ActivityReadObject.ACTIVITY





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        member = self.member

        type_ = self.type_

        external_id = self.external_id

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "member": member,
            "type": type_,
            "external_id": external_id,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = ActivityReadObject(d.pop("object"))




        member = d.pop("member")

        type_ = d.pop("type")

        external_id = d.pop("external_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        activity_read = cls(
            id=id,
            object_=object_,
            member=member,
            type_=type_,
            external_id=external_id,
            created_at=created_at,
        )

        return activity_read

