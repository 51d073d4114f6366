from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="ActivityCreate")



@_attrs_define
class ActivityCreate:
    """ 
        Attributes:
            type_ (str): the activity type one of your activity.recorded rules names (conditions.activity_type), such as
                review.written
            external_id (str): your id for this activity: the same type and id again is the same activity and earns nothing
                more
            member (str | Unset): the member's id (pro_...)
            customer_external_id (str | Unset): or your id for the customer: one new to Goodword becomes a member (and earns
                the member.joined welcome)
     """

    type_: str
    external_id: str
    member: str | Unset = UNSET
    customer_external_id: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        external_id = self.external_id

        member = self.member

        customer_external_id = self.customer_external_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "external_id": external_id,
        })
        if member is not UNSET:
            field_dict["member"] = member
        if customer_external_id is not UNSET:
            field_dict["customer_external_id"] = customer_external_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type")

        external_id = d.pop("external_id")

        member = d.pop("member", UNSET)

        customer_external_id = d.pop("customer_external_id", UNSET)

        activity_create = cls(
            type_=type_,
            external_id=external_id,
            member=member,
            customer_external_id=customer_external_id,
        )

        return activity_create

