from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.conditions_read_recurring_type_0 import ConditionsReadRecurringType0





T = TypeVar("T", bound="ConditionsRead")



@_attrs_define
class ConditionsRead:
    """ 
        Attributes:
            first_order_only (bool):
            min_order_amount (int | None):
            within_days_of_referral (int | None):
            currency (None | str):
            recurring (ConditionsReadRecurringType0 | None): {mode, months} or null
            nth (int | None):
            years (int | None):
            activity_type (None | str):
     """

    first_order_only: bool
    min_order_amount: int | None
    within_days_of_referral: int | None
    currency: None | str
    recurring: ConditionsReadRecurringType0 | None
    nth: int | None
    years: int | None
    activity_type: None | str





    def to_dict(self) -> dict[str, Any]:
        from ..models.conditions_read_recurring_type_0 import ConditionsReadRecurringType0 # noqa: PLC0415
        first_order_only = self.first_order_only

        min_order_amount: int | None
        min_order_amount = self.min_order_amount

        within_days_of_referral: int | None
        within_days_of_referral = self.within_days_of_referral

        currency: None | str
        currency = self.currency

        recurring: dict[str, Any] | None
        if isinstance(self.recurring, ConditionsReadRecurringType0):
            recurring = self.recurring.to_dict()
        else:
            recurring = self.recurring

        nth: int | None
        nth = self.nth

        years: int | None
        years = self.years

        activity_type: None | str
        activity_type = self.activity_type


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "first_order_only": first_order_only,
            "min_order_amount": min_order_amount,
            "within_days_of_referral": within_days_of_referral,
            "currency": currency,
            "recurring": recurring,
            "nth": nth,
            "years": years,
            "activity_type": activity_type,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.conditions_read_recurring_type_0 import ConditionsReadRecurringType0 # noqa: PLC0415
        d = dict(src_dict)
        first_order_only = d.pop("first_order_only")

        def _parse_min_order_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        min_order_amount = _parse_min_order_amount(d.pop("min_order_amount"))


        def _parse_within_days_of_referral(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        within_days_of_referral = _parse_within_days_of_referral(d.pop("within_days_of_referral"))


        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))


        def _parse_recurring(data: object) -> ConditionsReadRecurringType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                recurring_type_0 = ConditionsReadRecurringType0.from_dict(data)



                return recurring_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConditionsReadRecurringType0 | None, data)

        recurring = _parse_recurring(d.pop("recurring"))


        def _parse_nth(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        nth = _parse_nth(d.pop("nth"))


        def _parse_years(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        years = _parse_years(d.pop("years"))


        def _parse_activity_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        activity_type = _parse_activity_type(d.pop("activity_type"))


        conditions_read = cls(
            first_order_only=first_order_only,
            min_order_amount=min_order_amount,
            within_days_of_referral=within_days_of_referral,
            currency=currency,
            recurring=recurring,
            nth=nth,
            years=years,
            activity_type=activity_type,
        )

        return conditions_read

