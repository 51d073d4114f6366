from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.verdict_read_object import VerdictReadObject
from typing import cast






T = TypeVar("T", bound="VerdictRead")



@_attrs_define
class VerdictRead:
    """ 
        Attributes:
            object_ (VerdictReadObject):  Default: VerdictReadObject.RULE_VERDICT.
            rule (str):
            rule_version (int):
            beneficiary (str):
            outcome (str): award or skip
            promoter (None | str):
            kind (None | str): points or credit
            unit (None | str): points or a currency
            amount (int | None):
            hold_days (int | None):
            description (None | str):
            code (None | str): why a rule skips
            message (None | str):
     """

    rule: str
    rule_version: int
    beneficiary: str
    outcome: str
    promoter: None | str
    kind: None | str
    unit: None | str
    amount: int | None
    hold_days: int | None
    description: None | str
    code: None | str
    message: None | str
    object_: VerdictReadObject = VerdictReadObject.RULE_VERDICT





    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.value

        rule = self.rule

        rule_version = self.rule_version

        beneficiary = self.beneficiary

        outcome = self.outcome

        promoter: None | str
        promoter = self.promoter

        kind: None | str
        kind = self.kind

        unit: None | str
        unit = self.unit

        amount: int | None
        amount = self.amount

        hold_days: int | None
        hold_days = self.hold_days

        description: None | str
        description = self.description

        code: None | str
        code = self.code

        message: None | str
        message = self.message


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "rule": rule,
            "rule_version": rule_version,
            "beneficiary": beneficiary,
            "outcome": outcome,
            "promoter": promoter,
            "kind": kind,
            "unit": unit,
            "amount": amount,
            "hold_days": hold_days,
            "description": description,
            "code": code,
            "message": message,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        object_ = VerdictReadObject(d.pop("object"))




        rule = d.pop("rule")

        rule_version = d.pop("rule_version")

        beneficiary = d.pop("beneficiary")

        outcome = d.pop("outcome")

        def _parse_promoter(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        promoter = _parse_promoter(d.pop("promoter"))


        def _parse_kind(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        kind = _parse_kind(d.pop("kind"))


        def _parse_unit(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        unit = _parse_unit(d.pop("unit"))


        def _parse_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount = _parse_amount(d.pop("amount"))


        def _parse_hold_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        hold_days = _parse_hold_days(d.pop("hold_days"))


        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))


        def _parse_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        code = _parse_code(d.pop("code"))


        def _parse_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message = _parse_message(d.pop("message"))


        verdict_read = cls(
            object_=object_,
            rule=rule,
            rule_version=rule_version,
            beneficiary=beneficiary,
            outcome=outcome,
            promoter=promoter,
            kind=kind,
            unit=unit,
            amount=amount,
            hold_days=hold_days,
            description=description,
            code=code,
            message=message,
        )

        return verdict_read

