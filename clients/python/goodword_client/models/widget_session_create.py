from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.customer_create import CustomerCreate





T = TypeVar("T", bound="WidgetSessionCreate")



@_attrs_define
class WidgetSessionCreate:
    """ 
        Attributes:
            customer (CustomerCreate):
            order (str | Unset): your id for the order just placed
            expires_in (int | Unset): seconds the token lives; 24 hours unless given Default: 86400.
     """

    customer: CustomerCreate
    order: str | Unset = UNSET
    expires_in: int | Unset = 86400





    def to_dict(self) -> dict[str, Any]:
        from ..models.customer_create import CustomerCreate # noqa: PLC0415
        customer = self.customer.to_dict()

        order = self.order

        expires_in = self.expires_in


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "customer": customer,
        })
        if order is not UNSET:
            field_dict["order"] = order
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer_create import CustomerCreate # noqa: PLC0415
        d = dict(src_dict)
        customer = CustomerCreate.from_dict(d.pop("customer"))




        order = d.pop("order", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        widget_session_create = cls(
            customer=customer,
            order=order,
            expires_in=expires_in,
        )

        return widget_session_create

