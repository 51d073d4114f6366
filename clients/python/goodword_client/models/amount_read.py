from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="AmountRead")



@_attrs_define
class AmountRead:
    """ 
        Attributes:
            kind (str): points or credit
            amount (int): points, or minor units of currency
            currency (None | str):
            minor_units (int | None):
     """

    kind: str
    amount: int
    currency: None | str
    minor_units: int | None





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        amount = self.amount

        currency: None | str
        currency = self.currency

        minor_units: int | None
        minor_units = self.minor_units


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "amount": amount,
            "currency": currency,
            "minor_units": minor_units,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        amount = d.pop("amount")

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))


        def _parse_minor_units(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        minor_units = _parse_minor_units(d.pop("minor_units"))


        amount_read = cls(
            kind=kind,
            amount=amount,
            currency=currency,
            minor_units=minor_units,
        )

        return amount_read

