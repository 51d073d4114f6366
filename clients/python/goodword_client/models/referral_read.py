from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.referral_read_object import ReferralReadObject
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.promoter_read import PromoterRead
  from ..models.reason_read import ReasonRead
  from ..models.referral_read_metadata import ReferralReadMetadata





T = TypeVar("T", bound="ReferralRead")



@_attrs_define
class ReferralRead:
    """ 
        Attributes:
            id (str):
            object_ (ReferralReadObject):  Default: ReferralReadObject.REFERRAL.
            metadata (ReferralReadMetadata): your own keys and values
            promoter (None | PromoterRead | str): the promoter's id; the promoter itself with expand[]=promoter
            click (None | str):
            attributed_by (str): click, token or code
            referee_external_id (str):
            referee_email (None | str):
            status (str): approved | pending_review | rejected
            reasons (list[ReasonRead]):
            risk_score (int | None): the sum of the risk signals' points; held at the merchant's review_score, rejected at
                reject_score (see fraud_settings)
            decision_note (None | str):
            decided_at (datetime.datetime | None):
            created_at (datetime.datetime):
     """

    id: str
    metadata: ReferralReadMetadata
    promoter: None | PromoterRead | str
    click: None | str
    attributed_by: str
    referee_external_id: str
    referee_email: None | str
    status: str
    reasons: list[ReasonRead]
    risk_score: int | None
    decision_note: None | str
    decided_at: datetime.datetime | None
    created_at: datetime.datetime
    object_: ReferralReadObject = ReferralReadObject.REFERRAL





    def to_dict(self) -> dict[str, Any]:
        from ..models.promoter_read import PromoterRead # noqa: PLC0415
        from ..models.reason_read import ReasonRead # noqa: PLC0415
        from ..models.referral_read_metadata import ReferralReadMetadata # noqa: PLC0415
        id = self.id

        object_ = self.object_.value

        metadata = self.metadata.to_dict()

        promoter: dict[str, Any] | None | str
        if isinstance(self.promoter, PromoterRead):
            promoter = self.promoter.to_dict()
        else:
            promoter = self.promoter

        click: None | str
        click = self.click

        attributed_by = self.attributed_by

        referee_external_id = self.referee_external_id

        referee_email: None | str
        referee_email = self.referee_email

        status = self.status

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)



        risk_score: int | None
        risk_score = self.risk_score

        decision_note: None | str
        decision_note = self.decision_note

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "metadata": metadata,
            "promoter": promoter,
            "click": click,
            "attributed_by": attributed_by,
            "referee_external_id": referee_external_id,
            "referee_email": referee_email,
            "status": status,
            "reasons": reasons,
            "risk_score": risk_score,
            "decision_note": decision_note,
            "decided_at": decided_at,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.promoter_read import PromoterRead # noqa: PLC0415
        from ..models.reason_read import ReasonRead # noqa: PLC0415
        from ..models.referral_read_metadata import ReferralReadMetadata # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        object_ = ReferralReadObject(d.pop("object"))




        metadata = ReferralReadMetadata.from_dict(d.pop("metadata"))




        def _parse_promoter(data: object) -> None | PromoterRead | str:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                promoter_type_1 = PromoterRead.from_dict(data)



                return promoter_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PromoterRead | str, data)

        promoter = _parse_promoter(d.pop("promoter"))


        def _parse_click(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        click = _parse_click(d.pop("click"))


        attributed_by = d.pop("attributed_by")

        referee_external_id = d.pop("referee_external_id")

        def _parse_referee_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        referee_email = _parse_referee_email(d.pop("referee_email"))


        status = d.pop("status")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in (_reasons):
            reasons_item = ReasonRead.from_dict(reasons_item_data)



            reasons.append(reasons_item)


        def _parse_risk_score(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        risk_score = _parse_risk_score(d.pop("risk_score"))


        def _parse_decision_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_note = _parse_decision_note(d.pop("decision_note"))


        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)



                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        referral_read = cls(
            id=id,
            object_=object_,
            metadata=metadata,
            promoter=promoter,
            click=click,
            attributed_by=attributed_by,
            referee_external_id=referee_external_id,
            referee_email=referee_email,
            status=status,
            reasons=reasons,
            risk_score=risk_score,
            decision_note=decision_note,
            decided_at=decided_at,
            created_at=created_at,
        )

        return referral_read

