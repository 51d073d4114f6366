from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.review_case_list_object import ReviewCaseListObject
from typing import cast

if TYPE_CHECKING:
  from ..models.review_case_read import ReviewCaseRead





T = TypeVar("T", bound="ReviewCaseList")



@_attrs_define
class ReviewCaseList:
    """ 
        Attributes:
            object_ (ReviewCaseListObject):  Default: ReviewCaseListObject.LIST.
            data (list[ReviewCaseRead]):
            has_more (bool):
            total_count (int): cases in the whole queue
            total_referrals (int): referrals pending review in the whole queue
     """

    data: list[ReviewCaseRead]
    has_more: bool
    total_count: int
    total_referrals: int
    object_: ReviewCaseListObject = ReviewCaseListObject.LIST





    def to_dict(self) -> dict[str, Any]:
        from ..models.review_case_read import ReviewCaseRead # noqa: PLC0415
        object_ = self.object_.value

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)



        has_more = self.has_more

        total_count = self.total_count

        total_referrals = self.total_referrals


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "data": data,
            "has_more": has_more,
            "total_count": total_count,
            "total_referrals": total_referrals,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.review_case_read import ReviewCaseRead # noqa: PLC0415
        d = dict(src_dict)
        object_ = ReviewCaseListObject(d.pop("object"))




        data = []
        _data = d.pop("data")
        for data_item_data in (_data):
            data_item = ReviewCaseRead.from_dict(data_item_data)



            data.append(data_item)


        has_more = d.pop("has_more")

        total_count = d.pop("total_count")

        total_referrals = d.pop("total_referrals")

        review_case_list = cls(
            object_=object_,
            data=data,
            has_more=has_more,
            total_count=total_count,
            total_referrals=total_referrals,
        )

        return review_case_list

