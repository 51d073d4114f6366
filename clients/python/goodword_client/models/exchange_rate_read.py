from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.exchange_rate_read_object import ExchangeRateReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="ExchangeRateRead")



@_attrs_define
class ExchangeRateRead:
    """ 
        Attributes:
            object_ (ExchangeRateReadObject):  Default: ExchangeRateReadObject.EXCHANGE_RATE.
            currency (str):
            to_currency (str): the merchant's currency
            rate (str): major units of to_currency one major unit of currency is worth, as exact decimal text
            updated_at (datetime.datetime):
     """

    currency: str
    to_currency: str
    rate: str
    updated_at: datetime.datetime
    object_: ExchangeRateReadObject = ExchangeRateReadObject.EXCHANGE_RATE





    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.value

        currency = self.currency

        to_currency = self.to_currency

        rate = self.rate

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "currency": currency,
            "to_currency": to_currency,
            "rate": rate,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        object_ = ExchangeRateReadObject(d.pop("object"))




        currency = d.pop("currency")

        to_currency = d.pop("to_currency")

        rate = d.pop("rate")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        exchange_rate_read = cls(
            object_=object_,
            currency=currency,
            to_currency=to_currency,
            rate=rate,
            updated_at=updated_at,
        )

        return exchange_rate_read

