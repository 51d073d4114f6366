from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.redemption_read_object import RedemptionReadObject
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.redemption_read_metadata import RedemptionReadMetadata





T = TypeVar("T", bound="RedemptionRead")



@_attrs_define
class RedemptionRead:
    """ 
        Attributes:
            id (str):
            object_ (RedemptionReadObject):  Default: RedemptionReadObject.REDEMPTION.
            metadata (RedemptionReadMetadata): your own keys and values
            promoter (str):
            points (int):
            reward_kind (str):
            status (str): held, issued or failed
            credit_amount (int | None):
            credit_currency (None | str):
            failure_reason (None | str):
            promotion_code (None | str): the code to type at checkout (Stripe payout)
            stripe_object (None | str): the Stripe promotion code or customer balance transaction id
            created_at (datetime.datetime):
            settled_at (datetime.datetime | None):
     """

    id: str
    metadata: RedemptionReadMetadata
    promoter: str
    points: int
    reward_kind: str
    status: str
    credit_amount: int | None
    credit_currency: None | str
    failure_reason: None | str
    promotion_code: None | str
    stripe_object: None | str
    created_at: datetime.datetime
    settled_at: datetime.datetime | None
    object_: RedemptionReadObject = RedemptionReadObject.REDEMPTION





    def to_dict(self) -> dict[str, Any]:
        from ..models.redemption_read_metadata import RedemptionReadMetadata # noqa: PLC0415
        id = self.id

        object_ = self.object_.value

        metadata = self.metadata.to_dict()

        promoter = self.promoter

        points = self.points

        reward_kind = self.reward_kind

        status = self.status

        credit_amount: int | None
        credit_amount = self.credit_amount

        credit_currency: None | str
        credit_currency = self.credit_currency

        failure_reason: None | str
        failure_reason = self.failure_reason

        promotion_code: None | str
        promotion_code = self.promotion_code

        stripe_object: None | str
        stripe_object = self.stripe_object

        created_at = self.created_at.isoformat()

        settled_at: None | str
        if isinstance(self.settled_at, datetime.datetime):
            settled_at = self.settled_at.isoformat()
        else:
            settled_at = self.settled_at


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "metadata": metadata,
            "promoter": promoter,
            "points": points,
            "reward_kind": reward_kind,
            "status": status,
            "credit_amount": credit_amount,
            "credit_currency": credit_currency,
            "failure_reason": failure_reason,
            "promotion_code": promotion_code,
            "stripe_object": stripe_object,
            "created_at": created_at,
            "settled_at": settled_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.redemption_read_metadata import RedemptionReadMetadata # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        object_ = RedemptionReadObject(d.pop("object"))




        metadata = RedemptionReadMetadata.from_dict(d.pop("metadata"))




        promoter = d.pop("promoter")

        points = d.pop("points")

        reward_kind = d.pop("reward_kind")

        status = d.pop("status")

        def _parse_credit_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        credit_amount = _parse_credit_amount(d.pop("credit_amount"))


        def _parse_credit_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        credit_currency = _parse_credit_currency(d.pop("credit_currency"))


        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason"))


        def _parse_promotion_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        promotion_code = _parse_promotion_code(d.pop("promotion_code"))


        def _parse_stripe_object(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_object = _parse_stripe_object(d.pop("stripe_object"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_settled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                settled_at_type_0 = datetime.datetime.fromisoformat(data)



                return settled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        settled_at = _parse_settled_at(d.pop("settled_at"))


        redemption_read = cls(
            id=id,
            object_=object_,
            metadata=metadata,
            promoter=promoter,
            points=points,
            reward_kind=reward_kind,
            status=status,
            credit_amount=credit_amount,
            credit_currency=credit_currency,
            failure_reason=failure_reason,
            promotion_code=promotion_code,
            stripe_object=stripe_object,
            created_at=created_at,
            settled_at=settled_at,
        )

        return redemption_read

