from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.order_reward_read_object import OrderRewardReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="OrderRewardRead")



@_attrs_define
class OrderRewardRead:
    """ 
        Attributes:
            id (str):
            object_ (OrderRewardReadObject):  Default: OrderRewardReadObject.REWARD.
            promoter (str):
            beneficiary (str): referrer or referee
            unit (str): points, or a currency's minor units
            amount (int): what the order earned
            clawed_back_by_refunds (int): how much of it this order's refunds took back
            status (str): pending, available or settled
            matures_at (datetime.datetime):
            rule (None | str):
            rule_version (int | None):
            ledger_transaction (str):
            created_at (datetime.datetime):
     """

    id: str
    promoter: str
    beneficiary: str
    unit: str
    amount: int
    clawed_back_by_refunds: int
    status: str
    matures_at: datetime.datetime
    rule: None | str
    rule_version: int | None
    ledger_transaction: str
    created_at: datetime.datetime
    object_: OrderRewardReadObject = OrderRewardReadObject.REWARD





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        promoter = self.promoter

        beneficiary = self.beneficiary

        unit = self.unit

        amount = self.amount

        clawed_back_by_refunds = self.clawed_back_by_refunds

        status = self.status

        matures_at = self.matures_at.isoformat()

        rule: None | str
        rule = self.rule

        rule_version: int | None
        rule_version = self.rule_version

        ledger_transaction = self.ledger_transaction

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "promoter": promoter,
            "beneficiary": beneficiary,
            "unit": unit,
            "amount": amount,
            "clawed_back_by_refunds": clawed_back_by_refunds,
            "status": status,
            "matures_at": matures_at,
            "rule": rule,
            "rule_version": rule_version,
            "ledger_transaction": ledger_transaction,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = OrderRewardReadObject(d.pop("object"))




        promoter = d.pop("promoter")

        beneficiary = d.pop("beneficiary")

        unit = d.pop("unit")

        amount = d.pop("amount")

        clawed_back_by_refunds = d.pop("clawed_back_by_refunds")

        status = d.pop("status")

        matures_at = datetime.datetime.fromisoformat(d.pop("matures_at"))




        def _parse_rule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rule = _parse_rule(d.pop("rule"))


        def _parse_rule_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rule_version = _parse_rule_version(d.pop("rule_version"))


        ledger_transaction = d.pop("ledger_transaction")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        order_reward_read = cls(
            id=id,
            object_=object_,
            promoter=promoter,
            beneficiary=beneficiary,
            unit=unit,
            amount=amount,
            clawed_back_by_refunds=clawed_back_by_refunds,
            status=status,
            matures_at=matures_at,
            rule=rule,
            rule_version=rule_version,
            ledger_transaction=ledger_transaction,
            created_at=created_at,
        )

        return order_reward_read

