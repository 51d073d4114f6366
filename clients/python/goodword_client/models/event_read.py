from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.event_read_object import EventReadObject
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.event_read_data import EventReadData





T = TypeVar("T", bound="EventRead")



@_attrs_define
class EventRead:
    """ 
        Attributes:
            id (str):
            object_ (EventReadObject):  Default: EventReadObject.EVENT.
            type_ (str):
            data (EventReadData): ids and public fields of what changed
            created_at (datetime.datetime):
     """

    id: str
    type_: str
    data: EventReadData
    created_at: datetime.datetime
    object_: EventReadObject = EventReadObject.EVENT





    def to_dict(self) -> dict[str, Any]:
        from ..models.event_read_data import EventReadData # noqa: PLC0415
        id = self.id

        object_ = self.object_.value

        type_ = self.type_

        data = self.data.to_dict()

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "type": type_,
            "data": data,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_read_data import EventReadData # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        object_ = EventReadObject(d.pop("object"))




        type_ = d.pop("type")

        data = EventReadData.from_dict(d.pop("data"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        event_read = cls(
            id=id,
            object_=object_,
            type_=type_,
            data=data,
            created_at=created_at,
        )

        return event_read

