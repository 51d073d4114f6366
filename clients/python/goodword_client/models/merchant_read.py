from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.merchant_read_object import MerchantReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="MerchantRead")



@_attrs_define
class MerchantRead:
    """ 
        Attributes:
            id (str):
            object_ (MerchantReadObject):  Default: MerchantReadObject.MERCHANT.
            name (str):
            shop_url (str):
            allowed_domains (list[str]):
            currency (str):
            attribution_window_days (int):
            hold_days (int):
            points_expiry_days (int | None):
            point_value (int): store credit per point, in minor units of currency
            stripe_connected (bool): a Stripe secret key is stored (it is never returned)
            stripe_secret_key_last4 (None | str):
            stripe_webhook_secret_last4 (None | str):
            stripe_payout (str): promotion_code or customer_balance: how Stripe payouts go out
            stripe_friend_coupon (None | str): the Stripe coupon id promoters' own promotion codes give a referred friend;
                null: none
            max_award_points (int): guardrail: the most points one award may pay
            max_award_credit (int): guardrail: the most store credit one award may pay, in minor units of currency
            min_hold_days (int): guardrail: the shortest hold_days a rule may have
            timezone (str): IANA time zone: the day birthdays and anniversaries fall on
            created_at (datetime.datetime):
     """

    id: str
    name: str
    shop_url: str
    allowed_domains: list[str]
    currency: str
    attribution_window_days: int
    hold_days: int
    points_expiry_days: int | None
    point_value: int
    stripe_connected: bool
    stripe_secret_key_last4: None | str
    stripe_webhook_secret_last4: None | str
    stripe_payout: str
    stripe_friend_coupon: None | str
    max_award_points: int
    max_award_credit: int
    min_hold_days: int
    timezone: str
    created_at: datetime.datetime
    object_: MerchantReadObject = MerchantReadObject.MERCHANT





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        name = self.name

        shop_url = self.shop_url

        allowed_domains = self.allowed_domains



        currency = self.currency

        attribution_window_days = self.attribution_window_days

        hold_days = self.hold_days

        points_expiry_days: int | None
        points_expiry_days = self.points_expiry_days

        point_value = self.point_value

        stripe_connected = self.stripe_connected

        stripe_secret_key_last4: None | str
        stripe_secret_key_last4 = self.stripe_secret_key_last4

        stripe_webhook_secret_last4: None | str
        stripe_webhook_secret_last4 = self.stripe_webhook_secret_last4

        stripe_payout = self.stripe_payout

        stripe_friend_coupon: None | str
        stripe_friend_coupon = self.stripe_friend_coupon

        max_award_points = self.max_award_points

        max_award_credit = self.max_award_credit

        min_hold_days = self.min_hold_days

        timezone = self.timezone

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "name": name,
            "shop_url": shop_url,
            "allowed_domains": allowed_domains,
            "currency": currency,
            "attribution_window_days": attribution_window_days,
            "hold_days": hold_days,
            "points_expiry_days": points_expiry_days,
            "point_value": point_value,
            "stripe_connected": stripe_connected,
            "stripe_secret_key_last4": stripe_secret_key_last4,
            "stripe_webhook_secret_last4": stripe_webhook_secret_last4,
            "stripe_payout": stripe_payout,
            "stripe_friend_coupon": stripe_friend_coupon,
            "max_award_points": max_award_points,
            "max_award_credit": max_award_credit,
            "min_hold_days": min_hold_days,
            "timezone": timezone,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = MerchantReadObject(d.pop("object"))




        name = d.pop("name")

        shop_url = d.pop("shop_url")

        allowed_domains = cast(list[str], d.pop("allowed_domains"))


        currency = d.pop("currency")

        attribution_window_days = d.pop("attribution_window_days")

        hold_days = d.pop("hold_days")

        def _parse_points_expiry_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        points_expiry_days = _parse_points_expiry_days(d.pop("points_expiry_days"))


        point_value = d.pop("point_value")

        stripe_connected = d.pop("stripe_connected")

        def _parse_stripe_secret_key_last4(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_secret_key_last4 = _parse_stripe_secret_key_last4(d.pop("stripe_secret_key_last4"))


        def _parse_stripe_webhook_secret_last4(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_webhook_secret_last4 = _parse_stripe_webhook_secret_last4(d.pop("stripe_webhook_secret_last4"))


        stripe_payout = d.pop("stripe_payout")

        def _parse_stripe_friend_coupon(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_friend_coupon = _parse_stripe_friend_coupon(d.pop("stripe_friend_coupon"))


        max_award_points = d.pop("max_award_points")

        max_award_credit = d.pop("max_award_credit")

        min_hold_days = d.pop("min_hold_days")

        timezone = d.pop("timezone")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        merchant_read = cls(
            id=id,
            object_=object_,
            name=name,
            shop_url=shop_url,
            allowed_domains=allowed_domains,
            currency=currency,
            attribution_window_days=attribution_window_days,
            hold_days=hold_days,
            points_expiry_days=points_expiry_days,
            point_value=point_value,
            stripe_connected=stripe_connected,
            stripe_secret_key_last4=stripe_secret_key_last4,
            stripe_webhook_secret_last4=stripe_webhook_secret_last4,
            stripe_payout=stripe_payout,
            stripe_friend_coupon=stripe_friend_coupon,
            max_award_points=max_award_points,
            max_award_credit=max_award_credit,
            min_hold_days=min_hold_days,
            timezone=timezone,
            created_at=created_at,
        )

        return merchant_read

