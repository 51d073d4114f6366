from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.promoter_balance_read_object import PromoterBalanceReadObject
from typing import cast

if TYPE_CHECKING:
  from ..models.balance_read import BalanceRead





T = TypeVar("T", bound="PromoterBalanceRead")



@_attrs_define
class PromoterBalanceRead:
    """ 
        Attributes:
            object_ (PromoterBalanceReadObject):  Default: PromoterBalanceReadObject.BALANCE.
            promoter (str):
            balances (list[BalanceRead]):
     """

    promoter: str
    balances: list[BalanceRead]
    object_: PromoterBalanceReadObject = PromoterBalanceReadObject.BALANCE





    def to_dict(self) -> dict[str, Any]:
        from ..models.balance_read import BalanceRead # noqa: PLC0415
        object_ = self.object_.value

        promoter = self.promoter

        balances = []
        for balances_item_data in self.balances:
            balances_item = balances_item_data.to_dict()
            balances.append(balances_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "promoter": promoter,
            "balances": balances,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.balance_read import BalanceRead # noqa: PLC0415
        d = dict(src_dict)
        object_ = PromoterBalanceReadObject(d.pop("object"))




        promoter = d.pop("promoter")

        balances = []
        _balances = d.pop("balances")
        for balances_item_data in (_balances):
            balances_item = BalanceRead.from_dict(balances_item_data)



            balances.append(balances_item)


        promoter_balance_read = cls(
            object_=object_,
            promoter=promoter,
            balances=balances,
        )

        return promoter_balance_read

