from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.dry_run_create_trigger import DryRunCreateTrigger
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="DryRunCreate")



@_attrs_define
class DryRunCreate:
    """ 
        Attributes:
            trigger (DryRunCreateTrigger):
            referrer (str | Unset): promoter id
            referee (str | Unset): promoter id
            customer (str | Unset): promoter id
            order_amount (int | Unset): minor units
            currency (str | Unset):
            first_order (bool | Unset):
            referral_created_at (datetime.datetime | Unset):
            days_since_referral (int | Unset):
            first_invoice (bool | Unset): the order is a subscription's first paid invoice
            months_since_first_invoice (int | Unset): the order is a subscription invoice this many whole months after the
                first (0: the first month)
            order_number (int | Unset): order.milestone: the customer's how-manieth order
            years (int | Unset): member.anniversary: whole years since the member joined
            activity_type (str | Unset): activity.recorded: its type
     """

    trigger: DryRunCreateTrigger
    referrer: str | Unset = UNSET
    referee: str | Unset = UNSET
    customer: str | Unset = UNSET
    order_amount: int | Unset = UNSET
    currency: str | Unset = UNSET
    first_order: bool | Unset = UNSET
    referral_created_at: datetime.datetime | Unset = UNSET
    days_since_referral: int | Unset = UNSET
    first_invoice: bool | Unset = UNSET
    months_since_first_invoice: int | Unset = UNSET
    order_number: int | Unset = UNSET
    years: int | Unset = UNSET
    activity_type: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        trigger = self.trigger.value

        referrer = self.referrer

        referee = self.referee

        customer = self.customer

        order_amount = self.order_amount

        currency = self.currency

        first_order = self.first_order

        referral_created_at: str | Unset = UNSET
        if not isinstance(self.referral_created_at, Unset):
            referral_created_at = self.referral_created_at.isoformat()

        days_since_referral = self.days_since_referral

        first_invoice = self.first_invoice

        months_since_first_invoice = self.months_since_first_invoice

        order_number = self.order_number

        years = self.years

        activity_type = self.activity_type


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "trigger": trigger,
        })
        if referrer is not UNSET:
            field_dict["referrer"] = referrer
        if referee is not UNSET:
            field_dict["referee"] = referee
        if customer is not UNSET:
            field_dict["customer"] = customer
        if order_amount is not UNSET:
            field_dict["order_amount"] = order_amount
        if currency is not UNSET:
            field_dict["currency"] = currency
        if first_order is not UNSET:
            field_dict["first_order"] = first_order
        if referral_created_at is not UNSET:
            field_dict["referral_created_at"] = referral_created_at
        if days_since_referral is not UNSET:
            field_dict["days_since_referral"] = days_since_referral
        if first_invoice is not UNSET:
            field_dict["first_invoice"] = first_invoice
        if months_since_first_invoice is not UNSET:
            field_dict["months_since_first_invoice"] = months_since_first_invoice
        if order_number is not UNSET:
            field_dict["order_number"] = order_number
        if years is not UNSET:
            field_dict["years"] = years
        if activity_type is not UNSET:
            field_dict["activity_type"] = activity_type

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        trigger = DryRunCreateTrigger(d.pop("trigger"))




        referrer = d.pop("referrer", UNSET)

        referee = d.pop("referee", UNSET)

        customer = d.pop("customer", UNSET)

        order_amount = d.pop("order_amount", UNSET)

        currency = d.pop("currency", UNSET)

        first_order = d.pop("first_order", UNSET)

        _referral_created_at = d.pop("referral_created_at", UNSET)
        referral_created_at: datetime.datetime | Unset
        if isinstance(_referral_created_at,  Unset):
            referral_created_at = UNSET
        else:
            referral_created_at = datetime.datetime.fromisoformat(_referral_created_at)




        days_since_referral = d.pop("days_since_referral", UNSET)

        first_invoice = d.pop("first_invoice", UNSET)

        months_since_first_invoice = d.pop("months_since_first_invoice", UNSET)

        order_number = d.pop("order_number", UNSET)

        years = d.pop("years", UNSET)

        activity_type = d.pop("activity_type", UNSET)

        dry_run_create = cls(
            trigger=trigger,
            referrer=referrer,
            referee=referee,
            customer=customer,
            order_amount=order_amount,
            currency=currency,
            first_order=first_order,
            referral_created_at=referral_created_at,
            days_since_referral=days_since_referral,
            first_invoice=first_invoice,
            months_since_first_invoice=months_since_first_invoice,
            order_number=order_number,
            years=years,
            activity_type=activity_type,
        )

        return dry_run_create

