from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.bulk_decision_read_object import BulkDecisionReadObject






T = TypeVar("T", bound="BulkDecisionRead")



@_attrs_define
class BulkDecisionRead:
    """ 
        Attributes:
            object_ (BulkDecisionReadObject):  Default: BulkDecisionReadObject.BULK_DECISION.
            status (str): approved | rejected
            decided_count (str):
            unchanged_count (str): already in this status (a repeated request): left as they are
            referrals (str):
     """

    status: str
    decided_count: str
    unchanged_count: str
    referrals: str
    object_: BulkDecisionReadObject = BulkDecisionReadObject.BULK_DECISION





    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.value

        status = self.status

        decided_count = self.decided_count

        unchanged_count = self.unchanged_count

        referrals = self.referrals


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "status": status,
            "decided_count": decided_count,
            "unchanged_count": unchanged_count,
            "referrals": referrals,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        object_ = BulkDecisionReadObject(d.pop("object"))




        status = d.pop("status")

        decided_count = d.pop("decided_count")

        unchanged_count = d.pop("unchanged_count")

        referrals = d.pop("referrals")

        bulk_decision_read = cls(
            object_=object_,
            status=status,
            decided_count=decided_count,
            unchanged_count=unchanged_count,
            referrals=referrals,
        )

        return bulk_decision_read

