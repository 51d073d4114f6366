from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ReturnOnRewardsRead")



@_attrs_define
class ReturnOnRewardsRead:
    """ 
        Attributes:
            currency (str):
            referred_revenue (int): credited orders in the range, net of refunds, in minor units
            rewards_cost (int): rewards earned in the range net of clawbacks, points at their store-credit value, in minor
                units
            revenue_per_reward (float | None):
     """

    currency: str
    referred_revenue: int
    rewards_cost: int
    revenue_per_reward: float | None





    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        referred_revenue = self.referred_revenue

        rewards_cost = self.rewards_cost

        revenue_per_reward: float | None
        revenue_per_reward = self.revenue_per_reward


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "currency": currency,
            "referred_revenue": referred_revenue,
            "rewards_cost": rewards_cost,
            "revenue_per_reward": revenue_per_reward,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        referred_revenue = d.pop("referred_revenue")

        rewards_cost = d.pop("rewards_cost")

        def _parse_revenue_per_reward(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        revenue_per_reward = _parse_revenue_per_reward(d.pop("revenue_per_reward"))


        return_on_rewards_read = cls(
            currency=currency,
            referred_revenue=referred_revenue,
            rewards_cost=rewards_cost,
            revenue_per_reward=revenue_per_reward,
        )

        return return_on_rewards_read

