from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.enrollment_read_object import EnrollmentReadObject
from typing import cast

if TYPE_CHECKING:
  from ..models.offer_read import OfferRead
  from ..models.promoter_link_read import PromoterLinkRead





T = TypeVar("T", bound="EnrollmentRead")



@_attrs_define
class EnrollmentRead:
    """ 
        Attributes:
            object_ (EnrollmentReadObject):  Default: EnrollmentReadObject.WIDGET_ENROLLMENT.
            promoter (PromoterLinkRead):
            offer (OfferRead):
     """

    promoter: PromoterLinkRead
    offer: OfferRead
    object_: EnrollmentReadObject = EnrollmentReadObject.WIDGET_ENROLLMENT





    def to_dict(self) -> dict[str, Any]:
        from ..models.offer_read import OfferRead # noqa: PLC0415
        from ..models.promoter_link_read import PromoterLinkRead # noqa: PLC0415
        object_ = self.object_.value

        promoter = self.promoter.to_dict()

        offer = self.offer.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "promoter": promoter,
            "offer": offer,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offer_read import OfferRead # noqa: PLC0415
        from ..models.promoter_link_read import PromoterLinkRead # noqa: PLC0415
        d = dict(src_dict)
        object_ = EnrollmentReadObject(d.pop("object"))




        promoter = PromoterLinkRead.from_dict(d.pop("promoter"))




        offer = OfferRead.from_dict(d.pop("offer"))




        enrollment_read = cls(
            object_=object_,
            promoter=promoter,
            offer=offer,
        )

        return enrollment_read

