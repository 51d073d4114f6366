from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.widget_read_object import WidgetReadObject
from typing import cast

if TYPE_CHECKING:
  from ..models.offer_read import OfferRead
  from ..models.promoter_link_read import PromoterLinkRead
  from ..models.widget_read_promoter_type_0_type_0 import WidgetReadPromoterType0Type0
  from ..models.widget_settings_read import WidgetSettingsRead





T = TypeVar("T", bound="WidgetRead")



@_attrs_define
class WidgetRead:
    """ 
        Attributes:
            object_ (WidgetReadObject):  Default: WidgetReadObject.WIDGET.
            settings (WidgetSettingsRead):
            offer (OfferRead):
            promoter (None | PromoterLinkRead | WidgetReadPromoterType0Type0):
     """

    settings: WidgetSettingsRead
    offer: OfferRead
    promoter: None | PromoterLinkRead | WidgetReadPromoterType0Type0
    object_: WidgetReadObject = WidgetReadObject.WIDGET





    def to_dict(self) -> dict[str, Any]:
        from ..models.offer_read import OfferRead # noqa: PLC0415
        from ..models.promoter_link_read import PromoterLinkRead # noqa: PLC0415
        from ..models.widget_read_promoter_type_0_type_0 import WidgetReadPromoterType0Type0 # noqa: PLC0415
        from ..models.widget_settings_read import WidgetSettingsRead # noqa: PLC0415
        object_ = self.object_.value

        settings = self.settings.to_dict()

        offer = self.offer.to_dict()

        promoter: dict[str, Any] | None
        if isinstance(self.promoter, WidgetReadPromoterType0Type0):
            promoter = self.promoter.to_dict()
        elif isinstance(self.promoter, PromoterLinkRead):
            promoter = self.promoter.to_dict()
        else:
            promoter = self.promoter


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "settings": settings,
            "offer": offer,
            "promoter": promoter,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offer_read import OfferRead # noqa: PLC0415
        from ..models.promoter_link_read import PromoterLinkRead # noqa: PLC0415
        from ..models.widget_read_promoter_type_0_type_0 import WidgetReadPromoterType0Type0 # noqa: PLC0415
        from ..models.widget_settings_read import WidgetSettingsRead # noqa: PLC0415
        d = dict(src_dict)
        object_ = WidgetReadObject(d.pop("object"))




        settings = WidgetSettingsRead.from_dict(d.pop("settings"))




        offer = OfferRead.from_dict(d.pop("offer"))




        def _parse_promoter(data: object) -> None | PromoterLinkRead | WidgetReadPromoterType0Type0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                promoter_type_0_type_0 = WidgetReadPromoterType0Type0.from_dict(data)



                return promoter_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                promoter_type_1 = PromoterLinkRead.from_dict(data)



                return promoter_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PromoterLinkRead | WidgetReadPromoterType0Type0, data)

        promoter = _parse_promoter(d.pop("promoter"))


        widget_read = cls(
            object_=object_,
            settings=settings,
            offer=offer,
            promoter=promoter,
        )

        return widget_read

