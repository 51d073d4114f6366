from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.widget_session_read_object import WidgetSessionReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="WidgetSessionRead")



@_attrs_define
class WidgetSessionRead:
    """ 
        Attributes:
            id (str):
            object_ (WidgetSessionReadObject):  Default: WidgetSessionReadObject.WIDGET_SESSION.
            token (str): the script tag's data-session
            customer (str):
            order (None | str):
            created_at (datetime.datetime):
            expires_at (datetime.datetime):
     """

    id: str
    token: str
    customer: str
    order: None | str
    created_at: datetime.datetime
    expires_at: datetime.datetime
    object_: WidgetSessionReadObject = WidgetSessionReadObject.WIDGET_SESSION





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        token = self.token

        customer = self.customer

        order: None | str
        order = self.order

        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "token": token,
            "customer": customer,
            "order": order,
            "created_at": created_at,
            "expires_at": expires_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = WidgetSessionReadObject(d.pop("object"))




        token = d.pop("token")

        customer = d.pop("customer")

        def _parse_order(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order = _parse_order(d.pop("order"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        widget_session_read = cls(
            id=id,
            object_=object_,
            token=token,
            customer=customer,
            order=order,
            created_at=created_at,
            expires_at=expires_at,
        )

        return widget_session_read

