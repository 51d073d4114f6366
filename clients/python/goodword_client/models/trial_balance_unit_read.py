from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.trial_balance_unit_read_by_kind import TrialBalanceUnitReadByKind





T = TypeVar("T", bound="TrialBalanceUnitRead")



@_attrs_define
class TrialBalanceUnitRead:
    """ 
        Attributes:
            unit (str):
            by_kind (TrialBalanceUnitReadByKind):
            accounts_total (int): zero when the books balance
            entries_total (int): zero when the books balance
            accounts_match_entries (bool):
     """

    unit: str
    by_kind: TrialBalanceUnitReadByKind
    accounts_total: int
    entries_total: int
    accounts_match_entries: bool





    def to_dict(self) -> dict[str, Any]:
        from ..models.trial_balance_unit_read_by_kind import TrialBalanceUnitReadByKind # noqa: PLC0415
        unit = self.unit

        by_kind = self.by_kind.to_dict()

        accounts_total = self.accounts_total

        entries_total = self.entries_total

        accounts_match_entries = self.accounts_match_entries


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "unit": unit,
            "by_kind": by_kind,
            "accounts_total": accounts_total,
            "entries_total": entries_total,
            "accounts_match_entries": accounts_match_entries,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trial_balance_unit_read_by_kind import TrialBalanceUnitReadByKind # noqa: PLC0415
        d = dict(src_dict)
        unit = d.pop("unit")

        by_kind = TrialBalanceUnitReadByKind.from_dict(d.pop("by_kind"))




        accounts_total = d.pop("accounts_total")

        entries_total = d.pop("entries_total")

        accounts_match_entries = d.pop("accounts_match_entries")

        trial_balance_unit_read = cls(
            unit=unit,
            by_kind=by_kind,
            accounts_total=accounts_total,
            entries_total=entries_total,
            accounts_match_entries=accounts_match_entries,
        )

        return trial_balance_unit_read

