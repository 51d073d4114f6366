from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="BalanceRead")



@_attrs_define
class BalanceRead:
    """ 
        Attributes:
            unit (str): points, or a currency for store credit
            pending (int): earned, still in its hold period
            available (int):
            held (int): set aside for redemptions in flight
            debt (int): owed from refunds; repaid first
            lifetime_earned (int):
     """

    unit: str
    pending: int
    available: int
    held: int
    debt: int
    lifetime_earned: int





    def to_dict(self) -> dict[str, Any]:
        unit = self.unit

        pending = self.pending

        available = self.available

        held = self.held

        debt = self.debt

        lifetime_earned = self.lifetime_earned


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "unit": unit,
            "pending": pending,
            "available": available,
            "held": held,
            "debt": debt,
            "lifetime_earned": lifetime_earned,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        unit = d.pop("unit")

        pending = d.pop("pending")

        available = d.pop("available")

        held = d.pop("held")

        debt = d.pop("debt")

        lifetime_earned = d.pop("lifetime_earned")

        balance_read = cls(
            unit=unit,
            pending=pending,
            available=available,
            held=held,
            debt=debt,
            lifetime_earned=lifetime_earned,
        )

        return balance_read

