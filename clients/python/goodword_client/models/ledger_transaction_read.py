from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.ledger_transaction_read_object import LedgerTransactionReadObject
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.entry_read import EntryRead





T = TypeVar("T", bound="LedgerTransactionRead")



@_attrs_define
class LedgerTransactionRead:
    """ 
        Attributes:
            id (str):
            object_ (LedgerTransactionReadObject):  Default: LedgerTransactionReadObject.LEDGER_TRANSACTION.
            kind (str):
            unit (str):
            description (str):
            cause_type (str):
            cause_id (str):
            rule_id (None | str):
            rule_version (int | None):
            reward_id (None | str):
            entries (list[EntryRead]):
            created_at (datetime.datetime):
     """

    id: str
    kind: str
    unit: str
    description: str
    cause_type: str
    cause_id: str
    rule_id: None | str
    rule_version: int | None
    reward_id: None | str
    entries: list[EntryRead]
    created_at: datetime.datetime
    object_: LedgerTransactionReadObject = LedgerTransactionReadObject.LEDGER_TRANSACTION





    def to_dict(self) -> dict[str, Any]:
        from ..models.entry_read import EntryRead # noqa: PLC0415
        id = self.id

        object_ = self.object_.value

        kind = self.kind

        unit = self.unit

        description = self.description

        cause_type = self.cause_type

        cause_id = self.cause_id

        rule_id: None | str
        rule_id = self.rule_id

        rule_version: int | None
        rule_version = self.rule_version

        reward_id: None | str
        reward_id = self.reward_id

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)



        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "kind": kind,
            "unit": unit,
            "description": description,
            "cause_type": cause_type,
            "cause_id": cause_id,
            "rule_id": rule_id,
            "rule_version": rule_version,
            "reward_id": reward_id,
            "entries": entries,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.entry_read import EntryRead # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        object_ = LedgerTransactionReadObject(d.pop("object"))




        kind = d.pop("kind")

        unit = d.pop("unit")

        description = d.pop("description")

        cause_type = d.pop("cause_type")

        cause_id = d.pop("cause_id")

        def _parse_rule_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rule_id = _parse_rule_id(d.pop("rule_id"))


        def _parse_rule_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rule_version = _parse_rule_version(d.pop("rule_version"))


        def _parse_reward_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reward_id = _parse_reward_id(d.pop("reward_id"))


        entries = []
        _entries = d.pop("entries")
        for entries_item_data in (_entries):
            entries_item = EntryRead.from_dict(entries_item_data)



            entries.append(entries_item)


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        ledger_transaction_read = cls(
            id=id,
            object_=object_,
            kind=kind,
            unit=unit,
            description=description,
            cause_type=cause_type,
            cause_id=cause_id,
            rule_id=rule_id,
            rule_version=rule_version,
            reward_id=reward_id,
            entries=entries,
            created_at=created_at,
        )

        return ledger_transaction_read

