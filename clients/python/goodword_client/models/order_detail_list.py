from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.order_detail_list_object import OrderDetailListObject
from typing import cast

if TYPE_CHECKING:
  from ..models.order_detail_read import OrderDetailRead





T = TypeVar("T", bound="OrderDetailList")



@_attrs_define
class OrderDetailList:
    """ 
        Attributes:
            object_ (OrderDetailListObject):  Default: OrderDetailListObject.LIST.
            data (list[OrderDetailRead]):
            has_more (bool):
     """

    data: list[OrderDetailRead]
    has_more: bool
    object_: OrderDetailListObject = OrderDetailListObject.LIST





    def to_dict(self) -> dict[str, Any]:
        from ..models.order_detail_read import OrderDetailRead # noqa: PLC0415
        object_ = self.object_.value

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)



        has_more = self.has_more


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "data": data,
            "has_more": has_more,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_detail_read import OrderDetailRead # noqa: PLC0415
        d = dict(src_dict)
        object_ = OrderDetailListObject(d.pop("object"))




        data = []
        _data = d.pop("data")
        for data_item_data in (_data):
            data_item = OrderDetailRead.from_dict(data_item_data)



            data.append(data_item)


        has_more = d.pop("has_more")

        order_detail_list = cls(
            object_=object_,
            data=data,
            has_more=has_more,
        )

        return order_detail_list

