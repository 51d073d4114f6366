from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.merchant_update_stripe_payout import MerchantUpdateStripePayout
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="MerchantUpdate")



@_attrs_define
class MerchantUpdate:
    """ 
        Attributes:
            name (str | Unset):
            shop_url (str | Unset):
            allowed_domains (list[str] | Unset):
            currency (str | Unset):
            attribution_window_days (int | Unset):
            hold_days (int | Unset):
            points_expiry_days (int | None | Unset): days after which available points expire; null: never
            point_value (int | Unset):
            max_award_points (int | Unset): guardrail: the most points one award may pay; rules and tiers are saved within
                it and awards beyond it are capped
            max_award_credit (int | Unset): guardrail: the most store credit one award may pay, in minor units of currency
            min_hold_days (int | Unset): guardrail: the shortest hold_days a rule may have; at most hold_days
            timezone (str | Unset): an IANA time zone name (Europe/Berlin); birthdays and anniversaries are awarded on the
                merchant's calendar day. Default UTC
            stripe_secret_key (None | str | Unset): write-only: sk_... or a restricted rk_... key; null disconnects
            stripe_webhook_secret (None | str | Unset): write-only: the endpoint's signing secret whsec_...
            stripe_payout (MerchantUpdateStripePayout | Unset):
            stripe_friend_coupon (None | str | Unset): a Stripe coupon id (made in Stripe) for the friend discount; POST
                /v1/promoters/{id}/stripe_promotion_code gives a promoter their code on it; null removes it
     """

    name: str | Unset = UNSET
    shop_url: str | Unset = UNSET
    allowed_domains: list[str] | Unset = UNSET
    currency: str | Unset = UNSET
    attribution_window_days: int | Unset = UNSET
    hold_days: int | Unset = UNSET
    points_expiry_days: int | None | Unset = UNSET
    point_value: int | Unset = UNSET
    max_award_points: int | Unset = UNSET
    max_award_credit: int | Unset = UNSET
    min_hold_days: int | Unset = UNSET
    timezone: str | Unset = UNSET
    stripe_secret_key: None | str | Unset = UNSET
    stripe_webhook_secret: None | str | Unset = UNSET
    stripe_payout: MerchantUpdateStripePayout | Unset = UNSET
    stripe_friend_coupon: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        shop_url = self.shop_url

        allowed_domains: list[str] | Unset = UNSET
        if not isinstance(self.allowed_domains, Unset):
            allowed_domains = self.allowed_domains



        currency = self.currency

        attribution_window_days = self.attribution_window_days

        hold_days = self.hold_days

        points_expiry_days: int | None | Unset
        if isinstance(self.points_expiry_days, Unset):
            points_expiry_days = UNSET
        else:
            points_expiry_days = self.points_expiry_days

        point_value = self.point_value

        max_award_points = self.max_award_points

        max_award_credit = self.max_award_credit

        min_hold_days = self.min_hold_days

        timezone = self.timezone

        stripe_secret_key: None | str | Unset
        if isinstance(self.stripe_secret_key, Unset):
            stripe_secret_key = UNSET
        else:
            stripe_secret_key = self.stripe_secret_key

        stripe_webhook_secret: None | str | Unset
        if isinstance(self.stripe_webhook_secret, Unset):
            stripe_webhook_secret = UNSET
        else:
            stripe_webhook_secret = self.stripe_webhook_secret

        stripe_payout: str | Unset = UNSET
        if not isinstance(self.stripe_payout, Unset):
            stripe_payout = self.stripe_payout.value


        stripe_friend_coupon: None | str | Unset
        if isinstance(self.stripe_friend_coupon, Unset):
            stripe_friend_coupon = UNSET
        else:
            stripe_friend_coupon = self.stripe_friend_coupon


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if shop_url is not UNSET:
            field_dict["shop_url"] = shop_url
        if allowed_domains is not UNSET:
            field_dict["allowed_domains"] = allowed_domains
        if currency is not UNSET:
            field_dict["currency"] = currency
        if attribution_window_days is not UNSET:
            field_dict["attribution_window_days"] = attribution_window_days
        if hold_days is not UNSET:
            field_dict["hold_days"] = hold_days
        if points_expiry_days is not UNSET:
            field_dict["points_expiry_days"] = points_expiry_days
        if point_value is not UNSET:
            field_dict["point_value"] = point_value
        if max_award_points is not UNSET:
            field_dict["max_award_points"] = max_award_points
        if max_award_credit is not UNSET:
            field_dict["max_award_credit"] = max_award_credit
        if min_hold_days is not UNSET:
            field_dict["min_hold_days"] = min_hold_days
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if stripe_secret_key is not UNSET:
            field_dict["stripe_secret_key"] = stripe_secret_key
        if stripe_webhook_secret is not UNSET:
            field_dict["stripe_webhook_secret"] = stripe_webhook_secret
        if stripe_payout is not UNSET:
            field_dict["stripe_payout"] = stripe_payout
        if stripe_friend_coupon is not UNSET:
            field_dict["stripe_friend_coupon"] = stripe_friend_coupon

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        shop_url = d.pop("shop_url", UNSET)

        allowed_domains = cast(list[str], d.pop("allowed_domains", UNSET))


        currency = d.pop("currency", UNSET)

        attribution_window_days = d.pop("attribution_window_days", UNSET)

        hold_days = d.pop("hold_days", UNSET)

        def _parse_points_expiry_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        points_expiry_days = _parse_points_expiry_days(d.pop("points_expiry_days", UNSET))


        point_value = d.pop("point_value", UNSET)

        max_award_points = d.pop("max_award_points", UNSET)

        max_award_credit = d.pop("max_award_credit", UNSET)

        min_hold_days = d.pop("min_hold_days", UNSET)

        timezone = d.pop("timezone", UNSET)

        def _parse_stripe_secret_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_secret_key = _parse_stripe_secret_key(d.pop("stripe_secret_key", UNSET))


        def _parse_stripe_webhook_secret(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_webhook_secret = _parse_stripe_webhook_secret(d.pop("stripe_webhook_secret", UNSET))


        _stripe_payout = d.pop("stripe_payout", UNSET)
        stripe_payout: MerchantUpdateStripePayout | Unset
        if isinstance(_stripe_payout,  Unset):
            stripe_payout = UNSET
        else:
            stripe_payout = MerchantUpdateStripePayout(_stripe_payout)




        def _parse_stripe_friend_coupon(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_friend_coupon = _parse_stripe_friend_coupon(d.pop("stripe_friend_coupon", UNSET))


        merchant_update = cls(
            name=name,
            shop_url=shop_url,
            allowed_domains=allowed_domains,
            currency=currency,
            attribution_window_days=attribution_window_days,
            hold_days=hold_days,
            points_expiry_days=points_expiry_days,
            point_value=point_value,
            max_award_points=max_award_points,
            max_award_credit=max_award_credit,
            min_hold_days=min_hold_days,
            timezone=timezone,
            stripe_secret_key=stripe_secret_key,
            stripe_webhook_secret=stripe_webhook_secret,
            stripe_payout=stripe_payout,
            stripe_friend_coupon=stripe_friend_coupon,
        )

        return merchant_update

