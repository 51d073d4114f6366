from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.stripe_promotion_code_read_object import StripePromotionCodeReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="StripePromotionCodeRead")



@_attrs_define
class StripePromotionCodeRead:
    """ 
        Attributes:
            id (str): the promotion code's id in Stripe
            object_ (StripePromotionCodeReadObject):  Default: StripePromotionCodeReadObject.STRIPE_PROMOTION_CODE.
            promoter (str):
            coupon (str): the merchant's friend coupon
            code (str): what a friend types at checkout
            created_at (datetime.datetime):
     """

    id: str
    promoter: str
    coupon: str
    code: str
    created_at: datetime.datetime
    object_: StripePromotionCodeReadObject = StripePromotionCodeReadObject.STRIPE_PROMOTION_CODE





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        promoter = self.promoter

        coupon = self.coupon

        code = self.code

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "promoter": promoter,
            "coupon": coupon,
            "code": code,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = StripePromotionCodeReadObject(d.pop("object"))




        promoter = d.pop("promoter")

        coupon = d.pop("coupon")

        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        stripe_promotion_code_read = cls(
            id=id,
            object_=object_,
            promoter=promoter,
            coupon=coupon,
            code=code,
            created_at=created_at,
        )

        return stripe_promotion_code_read

