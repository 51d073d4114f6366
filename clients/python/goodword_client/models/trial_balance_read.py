from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.trial_balance_read_object import TrialBalanceReadObject
from typing import cast

if TYPE_CHECKING:
  from ..models.trial_balance_unit_read import TrialBalanceUnitRead





T = TypeVar("T", bound="TrialBalanceRead")



@_attrs_define
class TrialBalanceRead:
    """ 
        Attributes:
            object_ (TrialBalanceReadObject):  Default: TrialBalanceReadObject.TRIAL_BALANCE.
            balanced (bool):
            lots_match_accounts (bool): reward lots agree with the pending and available accounts
            units (list[TrialBalanceUnitRead]):
     """

    balanced: bool
    lots_match_accounts: bool
    units: list[TrialBalanceUnitRead]
    object_: TrialBalanceReadObject = TrialBalanceReadObject.TRIAL_BALANCE





    def to_dict(self) -> dict[str, Any]:
        from ..models.trial_balance_unit_read import TrialBalanceUnitRead # noqa: PLC0415
        object_ = self.object_.value

        balanced = self.balanced

        lots_match_accounts = self.lots_match_accounts

        units = []
        for units_item_data in self.units:
            units_item = units_item_data.to_dict()
            units.append(units_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "balanced": balanced,
            "lots_match_accounts": lots_match_accounts,
            "units": units,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trial_balance_unit_read import TrialBalanceUnitRead # noqa: PLC0415
        d = dict(src_dict)
        object_ = TrialBalanceReadObject(d.pop("object"))




        balanced = d.pop("balanced")

        lots_match_accounts = d.pop("lots_match_accounts")

        units = []
        _units = d.pop("units")
        for units_item_data in (_units):
            units_item = TrialBalanceUnitRead.from_dict(units_item_data)



            units.append(units_item)


        trial_balance_read = cls(
            object_=object_,
            balanced=balanced,
            lots_match_accounts=lots_match_accounts,
            units=units,
        )

        return trial_balance_read

