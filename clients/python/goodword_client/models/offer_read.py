from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.amount_read import AmountRead





T = TypeVar("T", bound="OfferRead")



@_attrs_define
class OfferRead:
    """ 
        Attributes:
            text (None | str): e.g. "Give $10, get $10"
            give (list[AmountRead]): the friend's
            get (list[AmountRead]): the promoter's
     """

    text: None | str
    give: list[AmountRead]
    get: list[AmountRead]





    def to_dict(self) -> dict[str, Any]:
        from ..models.amount_read import AmountRead # noqa: PLC0415
        text: None | str
        text = self.text

        give = []
        for give_item_data in self.give:
            give_item = give_item_data.to_dict()
            give.append(give_item)



        get = []
        for get_item_data in self.get:
            get_item = get_item_data.to_dict()
            get.append(get_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "text": text,
            "give": give,
            "get": get,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.amount_read import AmountRead # noqa: PLC0415
        d = dict(src_dict)
        def _parse_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        text = _parse_text(d.pop("text"))


        give = []
        _give = d.pop("give")
        for give_item_data in (_give):
            give_item = AmountRead.from_dict(give_item_data)



            give.append(give_item)


        get = []
        _get = d.pop("get")
        for get_item_data in (_get):
            get_item = AmountRead.from_dict(get_item_data)



            get.append(get_item)


        offer_read = cls(
            text=text,
            give=give,
            get=get,
        )

        return offer_read

