from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ExchangeRateSet")



@_attrs_define
class ExchangeRateSet:
    """ 
        Attributes:
            currency (str): ISO 4217 code of the orders' currency, such as VND
            rate (str): what one unit of currency is worth in the merchant's currency, as a decimal string ("0.00004": 1 VND
                is 0.00004 USD); never a JSON number, which could not be kept exact
     """

    currency: str
    rate: str





    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        rate = self.rate


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "currency": currency,
            "rate": rate,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        rate = d.pop("rate")

        exchange_rate_set = cls(
            currency=currency,
            rate=rate,
        )

        return exchange_rate_set

