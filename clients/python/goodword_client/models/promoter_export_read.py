from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.promoter_export_read_object import PromoterExportReadObject
from typing import cast

if TYPE_CHECKING:
  from ..models.promoter_export_read_links import PromoterExportReadLinks
  from ..models.promoter_export_read_promoter import PromoterExportReadPromoter





T = TypeVar("T", bound="PromoterExportRead")



@_attrs_define
class PromoterExportRead:
    """ 
        Attributes:
            object_ (PromoterExportReadObject):  Default: PromoterExportReadObject.PROMOTER_EXPORT.
            promoter (PromoterExportReadPromoter):
            links (PromoterExportReadLinks):
     """

    promoter: PromoterExportReadPromoter
    links: PromoterExportReadLinks
    object_: PromoterExportReadObject = PromoterExportReadObject.PROMOTER_EXPORT
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.promoter_export_read_links import PromoterExportReadLinks # noqa: PLC0415
        from ..models.promoter_export_read_promoter import PromoterExportReadPromoter # noqa: PLC0415
        object_ = self.object_.value

        promoter = self.promoter.to_dict()

        links = self.links.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "object": object_,
            "promoter": promoter,
            "links": links,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.promoter_export_read_links import PromoterExportReadLinks # noqa: PLC0415
        from ..models.promoter_export_read_promoter import PromoterExportReadPromoter # noqa: PLC0415
        d = dict(src_dict)
        object_ = PromoterExportReadObject(d.pop("object"))




        promoter = PromoterExportReadPromoter.from_dict(d.pop("promoter"))




        links = PromoterExportReadLinks.from_dict(d.pop("links"))




        promoter_export_read = cls(
            object_=object_,
            promoter=promoter,
            links=links,
        )


        promoter_export_read.additional_properties = d
        return promoter_export_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
