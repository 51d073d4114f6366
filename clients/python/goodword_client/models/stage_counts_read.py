from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.stage_counts_read_referrals_by_status import StageCountsReadReferralsByStatus
  from ..models.stage_counts_read_shares_by_channel import StageCountsReadSharesByChannel





T = TypeVar("T", bound="StageCountsRead")



@_attrs_define
class StageCountsRead:
    """ 
        Attributes:
            clicks (int): awareness: valid clicks
            invalid_clicks (int): bad, expired or unknown links
            unique_visitors (int): browsers behind the valid clicks: exact up to 50,000 valid clicks in the range, estimated
                (HyperLogLog, about 1.6% off) above
            shares (int): engagement
            shares_by_channel (StageCountsReadSharesByChannel):
            signups (int): subscribe: referrals, any status
            referrals_by_status (StageCountsReadReferralsByStatus):
            advocates (int): promoters with an approved referral
            first_orders (int): convert: credited first orders
            repeat_orders (int): retention: later credited orders of the same customers
            signup_rate (float | None): signups per unique visitor
     """

    clicks: int
    invalid_clicks: int
    unique_visitors: int
    shares: int
    shares_by_channel: StageCountsReadSharesByChannel
    signups: int
    referrals_by_status: StageCountsReadReferralsByStatus
    advocates: int
    first_orders: int
    repeat_orders: int
    signup_rate: float | None





    def to_dict(self) -> dict[str, Any]:
        from ..models.stage_counts_read_referrals_by_status import StageCountsReadReferralsByStatus # noqa: PLC0415
        from ..models.stage_counts_read_shares_by_channel import StageCountsReadSharesByChannel # noqa: PLC0415
        clicks = self.clicks

        invalid_clicks = self.invalid_clicks

        unique_visitors = self.unique_visitors

        shares = self.shares

        shares_by_channel = self.shares_by_channel.to_dict()

        signups = self.signups

        referrals_by_status = self.referrals_by_status.to_dict()

        advocates = self.advocates

        first_orders = self.first_orders

        repeat_orders = self.repeat_orders

        signup_rate: float | None
        signup_rate = self.signup_rate


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "clicks": clicks,
            "invalid_clicks": invalid_clicks,
            "unique_visitors": unique_visitors,
            "shares": shares,
            "shares_by_channel": shares_by_channel,
            "signups": signups,
            "referrals_by_status": referrals_by_status,
            "advocates": advocates,
            "first_orders": first_orders,
            "repeat_orders": repeat_orders,
            "signup_rate": signup_rate,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stage_counts_read_referrals_by_status import StageCountsReadReferralsByStatus # noqa: PLC0415
        from ..models.stage_counts_read_shares_by_channel import StageCountsReadSharesByChannel # noqa: PLC0415
        d = dict(src_dict)
        clicks = d.pop("clicks")

        invalid_clicks = d.pop("invalid_clicks")

        unique_visitors = d.pop("unique_visitors")

        shares = d.pop("shares")

        shares_by_channel = StageCountsReadSharesByChannel.from_dict(d.pop("shares_by_channel"))




        signups = d.pop("signups")

        referrals_by_status = StageCountsReadReferralsByStatus.from_dict(d.pop("referrals_by_status"))




        advocates = d.pop("advocates")

        first_orders = d.pop("first_orders")

        repeat_orders = d.pop("repeat_orders")

        def _parse_signup_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        signup_rate = _parse_signup_rate(d.pop("signup_rate"))


        stage_counts_read = cls(
            clicks=clicks,
            invalid_clicks=invalid_clicks,
            unique_visitors=unique_visitors,
            shares=shares,
            shares_by_channel=shares_by_channel,
            signups=signups,
            referrals_by_status=referrals_by_status,
            advocates=advocates,
            first_orders=first_orders,
            repeat_orders=repeat_orders,
            signup_rate=signup_rate,
        )

        return stage_counts_read

