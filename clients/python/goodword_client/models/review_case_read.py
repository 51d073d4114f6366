from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.review_case_read_object import ReviewCaseReadObject
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.reason_count_read import ReasonCountRead
  from ..models.referral_read import ReferralRead
  from ..models.shared_read import SharedRead





T = TypeVar("T", bound="ReviewCaseRead")



@_attrs_define
class ReviewCaseRead:
    """ 
        Attributes:
            id (str):
            object_ (ReviewCaseReadObject):  Default: ReviewCaseReadObject.REVIEW_CASE.
            promoter (str):
            referral_count (int):
            evidence (list[str]): what the case's referrals share, as sentences
            shared (list[SharedRead]):
            reasons (list[ReasonCountRead]):
            first_at (datetime.datetime):
            last_at (datetime.datetime):
            referrals (list[ReferralRead]):
     """

    id: str
    promoter: str
    referral_count: int
    evidence: list[str]
    shared: list[SharedRead]
    reasons: list[ReasonCountRead]
    first_at: datetime.datetime
    last_at: datetime.datetime
    referrals: list[ReferralRead]
    object_: ReviewCaseReadObject = ReviewCaseReadObject.REVIEW_CASE





    def to_dict(self) -> dict[str, Any]:
        from ..models.reason_count_read import ReasonCountRead # noqa: PLC0415
        from ..models.referral_read import ReferralRead # noqa: PLC0415
        from ..models.shared_read import SharedRead # noqa: PLC0415
        id = self.id

        object_ = self.object_.value

        promoter = self.promoter

        referral_count = self.referral_count

        evidence = self.evidence



        shared = []
        for shared_item_data in self.shared:
            shared_item = shared_item_data.to_dict()
            shared.append(shared_item)



        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)



        first_at = self.first_at.isoformat()

        last_at = self.last_at.isoformat()

        referrals = []
        for referrals_item_data in self.referrals:
            referrals_item = referrals_item_data.to_dict()
            referrals.append(referrals_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "promoter": promoter,
            "referral_count": referral_count,
            "evidence": evidence,
            "shared": shared,
            "reasons": reasons,
            "first_at": first_at,
            "last_at": last_at,
            "referrals": referrals,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reason_count_read import ReasonCountRead # noqa: PLC0415
        from ..models.referral_read import ReferralRead # noqa: PLC0415
        from ..models.shared_read import SharedRead # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        object_ = ReviewCaseReadObject(d.pop("object"))




        promoter = d.pop("promoter")

        referral_count = d.pop("referral_count")

        evidence = cast(list[str], d.pop("evidence"))


        shared = []
        _shared = d.pop("shared")
        for shared_item_data in (_shared):
            shared_item = SharedRead.from_dict(shared_item_data)



            shared.append(shared_item)


        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in (_reasons):
            reasons_item = ReasonCountRead.from_dict(reasons_item_data)



            reasons.append(reasons_item)


        first_at = datetime.datetime.fromisoformat(d.pop("first_at"))




        last_at = datetime.datetime.fromisoformat(d.pop("last_at"))




        referrals = []
        _referrals = d.pop("referrals")
        for referrals_item_data in (_referrals):
            referrals_item = ReferralRead.from_dict(referrals_item_data)



            referrals.append(referrals_item)


        review_case_read = cls(
            id=id,
            object_=object_,
            promoter=promoter,
            referral_count=referral_count,
            evidence=evidence,
            shared=shared,
            reasons=reasons,
            first_at=first_at,
            last_at=last_at,
            referrals=referrals,
        )

        return review_case_read

