from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.promoter_list_object import PromoterListObject
from typing import cast

if TYPE_CHECKING:
  from ..models.promoter_read import PromoterRead





T = TypeVar("T", bound="PromoterList")



@_attrs_define
class PromoterList:
    """ 
        Attributes:
            object_ (PromoterListObject):  Default: PromoterListObject.LIST.
            data (list[PromoterRead]):
            has_more (bool):
     """

    data: list[PromoterRead]
    has_more: bool
    object_: PromoterListObject = PromoterListObject.LIST





    def to_dict(self) -> dict[str, Any]:
        from ..models.promoter_read import PromoterRead # noqa: PLC0415
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
        from ..models.promoter_read import PromoterRead # noqa: PLC0415
        d = dict(src_dict)
        object_ = PromoterListObject(d.pop("object"))




        data = []
        _data = d.pop("data")
        for data_item_data in (_data):
            data_item = PromoterRead.from_dict(data_item_data)



            data.append(data_item)


        has_more = d.pop("has_more")

        promoter_list = cls(
            object_=object_,
            data=data,
            has_more=has_more,
        )

        return promoter_list

