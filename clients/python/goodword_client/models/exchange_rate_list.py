from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.exchange_rate_list_object import ExchangeRateListObject
from typing import cast

if TYPE_CHECKING:
  from ..models.exchange_rate_read import ExchangeRateRead





T = TypeVar("T", bound="ExchangeRateList")



@_attrs_define
class ExchangeRateList:
    """ 
        Attributes:
            object_ (ExchangeRateListObject):  Default: ExchangeRateListObject.LIST.
            data (list[ExchangeRateRead]):
            has_more (bool):
     """

    data: list[ExchangeRateRead]
    has_more: bool
    object_: ExchangeRateListObject = ExchangeRateListObject.LIST





    def to_dict(self) -> dict[str, Any]:
        from ..models.exchange_rate_read import ExchangeRateRead # noqa: PLC0415
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
        from ..models.exchange_rate_read import ExchangeRateRead # noqa: PLC0415
        d = dict(src_dict)
        object_ = ExchangeRateListObject(d.pop("object"))




        data = []
        _data = d.pop("data")
        for data_item_data in (_data):
            data_item = ExchangeRateRead.from_dict(data_item_data)



            data.append(data_item)


        has_more = d.pop("has_more")

        exchange_rate_list = cls(
            object_=object_,
            data=data,
            has_more=has_more,
        )

        return exchange_rate_list

