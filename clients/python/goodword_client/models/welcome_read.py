from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.welcome_read_object import WelcomeReadObject
from typing import cast

if TYPE_CHECKING:
  from ..models.offer_read import OfferRead





T = TypeVar("T", bound="WelcomeRead")



@_attrs_define
class WelcomeRead:
    """ 
        Attributes:
            object_ (WelcomeReadObject):  Default: WelcomeReadObject.WELCOME.
            referred_by (None | str): the promoter's first name (never an email or surname); null when the click is invalid,
                older than the attribution window, or names a blocked or erased promoter
            offer (OfferRead):
     """

    referred_by: None | str
    offer: OfferRead
    object_: WelcomeReadObject = WelcomeReadObject.WELCOME





    def to_dict(self) -> dict[str, Any]:
        from ..models.offer_read import OfferRead # noqa: PLC0415
        object_ = self.object_.value

        referred_by: None | str
        referred_by = self.referred_by

        offer = self.offer.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "referred_by": referred_by,
            "offer": offer,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offer_read import OfferRead # noqa: PLC0415
        d = dict(src_dict)
        object_ = WelcomeReadObject(d.pop("object"))




        def _parse_referred_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        referred_by = _parse_referred_by(d.pop("referred_by"))


        offer = OfferRead.from_dict(d.pop("offer"))




        welcome_read = cls(
            object_=object_,
            referred_by=referred_by,
            offer=offer,
        )

        return welcome_read

