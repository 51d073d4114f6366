from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.condition_fields_recurring_type_1_type_0 import ConditionFieldsRecurringType1Type0
  from ..models.recurring_fields import RecurringFields





T = TypeVar("T", bound="ConditionFields")



@_attrs_define
class ConditionFields:
    """ 
        Attributes:
            first_order_only (bool | None | Unset):
            min_order_amount (int | None | Unset): minor units of the rule's currency
            within_days_of_referral (int | None | Unset): the order is at most this many days after the signup
            currency (None | str | Unset): the currency the rule counts in (null: the merchant's, for a rule that pays by
                amount or has min_order_amount); an order in another currency counts only through the merchant's
                /v1/exchange_rates
            recurring (ConditionFieldsRecurringType1Type0 | None | RecurringFields | Unset): for subscription invoices
                (Stripe invoice.paid); absent or null: every invoice earns, like any order
            nth (int | None | Unset): order.milestone (required): pays on the customer's Nth order
            years (int | None | Unset): member.anniversary: pays only on this anniversary; null or absent: every one
            activity_type (None | str | Unset): activity.recorded (required): the type of your activity it pays for, such as
                review.written
     """

    first_order_only: bool | None | Unset = UNSET
    min_order_amount: int | None | Unset = UNSET
    within_days_of_referral: int | None | Unset = UNSET
    currency: None | str | Unset = UNSET
    recurring: ConditionFieldsRecurringType1Type0 | None | RecurringFields | Unset = UNSET
    nth: int | None | Unset = UNSET
    years: int | None | Unset = UNSET
    activity_type: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.condition_fields_recurring_type_1_type_0 import ConditionFieldsRecurringType1Type0 # noqa: PLC0415
        from ..models.recurring_fields import RecurringFields # noqa: PLC0415
        first_order_only: bool | None | Unset
        if isinstance(self.first_order_only, Unset):
            first_order_only = UNSET
        else:
            first_order_only = self.first_order_only

        min_order_amount: int | None | Unset
        if isinstance(self.min_order_amount, Unset):
            min_order_amount = UNSET
        else:
            min_order_amount = self.min_order_amount

        within_days_of_referral: int | None | Unset
        if isinstance(self.within_days_of_referral, Unset):
            within_days_of_referral = UNSET
        else:
            within_days_of_referral = self.within_days_of_referral

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        recurring: dict[str, Any] | None | Unset
        if isinstance(self.recurring, Unset):
            recurring = UNSET
        elif isinstance(self.recurring, RecurringFields):
            recurring = self.recurring.to_dict()
        elif isinstance(self.recurring, ConditionFieldsRecurringType1Type0):
            recurring = self.recurring.to_dict()
        else:
            recurring = self.recurring

        nth: int | None | Unset
        if isinstance(self.nth, Unset):
            nth = UNSET
        else:
            nth = self.nth

        years: int | None | Unset
        if isinstance(self.years, Unset):
            years = UNSET
        else:
            years = self.years

        activity_type: None | str | Unset
        if isinstance(self.activity_type, Unset):
            activity_type = UNSET
        else:
            activity_type = self.activity_type


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if first_order_only is not UNSET:
            field_dict["first_order_only"] = first_order_only
        if min_order_amount is not UNSET:
            field_dict["min_order_amount"] = min_order_amount
        if within_days_of_referral is not UNSET:
            field_dict["within_days_of_referral"] = within_days_of_referral
        if currency is not UNSET:
            field_dict["currency"] = currency
        if recurring is not UNSET:
            field_dict["recurring"] = recurring
        if nth is not UNSET:
            field_dict["nth"] = nth
        if years is not UNSET:
            field_dict["years"] = years
        if activity_type is not UNSET:
            field_dict["activity_type"] = activity_type

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.condition_fields_recurring_type_1_type_0 import ConditionFieldsRecurringType1Type0 # noqa: PLC0415
        from ..models.recurring_fields import RecurringFields # noqa: PLC0415
        d = dict(src_dict)
        def _parse_first_order_only(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        first_order_only = _parse_first_order_only(d.pop("first_order_only", UNSET))


        def _parse_min_order_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_order_amount = _parse_min_order_amount(d.pop("min_order_amount", UNSET))


        def _parse_within_days_of_referral(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        within_days_of_referral = _parse_within_days_of_referral(d.pop("within_days_of_referral", UNSET))


        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))


        def _parse_recurring(data: object) -> ConditionFieldsRecurringType1Type0 | None | RecurringFields | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                recurring_type_0 = RecurringFields.from_dict(data)



                return recurring_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                recurring_type_1_type_0 = ConditionFieldsRecurringType1Type0.from_dict(data)



                return recurring_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConditionFieldsRecurringType1Type0 | None | RecurringFields | Unset, data)

        recurring = _parse_recurring(d.pop("recurring", UNSET))


        def _parse_nth(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        nth = _parse_nth(d.pop("nth", UNSET))


        def _parse_years(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        years = _parse_years(d.pop("years", UNSET))


        def _parse_activity_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        activity_type = _parse_activity_type(d.pop("activity_type", UNSET))


        condition_fields = cls(
            first_order_only=first_order_only,
            min_order_amount=min_order_amount,
            within_days_of_referral=within_days_of_referral,
            currency=currency,
            recurring=recurring,
            nth=nth,
            years=years,
            activity_type=activity_type,
        )

        return condition_fields

