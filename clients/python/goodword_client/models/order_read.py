from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.order_read_object import OrderReadObject
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.order_read_metadata import OrderReadMetadata
  from ..models.promoter_read import PromoterRead
  from ..models.verdict_read import VerdictRead





T = TypeVar("T", bound="OrderRead")



@_attrs_define
class OrderRead:
    """ 
        Attributes:
            id (str):
            object_ (OrderReadObject):  Default: OrderReadObject.ORDER.
            metadata (OrderReadMetadata): your own keys and values
            external_id (str):
            customer_external_id (str):
            customer_email (None | str):
            amount (int):
            currency (str):
            refunded_amount (int):
            promoter (None | PromoterRead | str): the promoter's id; the promoter itself with expand[]=promoter
            referral (None | str):
            attributed_by (None | str):
            attribution_refusal (None | str): why the click_id, token or code sent with the order (or the Stripe promotion
                code it was paid with) credited nobody: the buyer is that promoter, by the checks a signup passes
                (self_referral_customer, self_referral_email, self_referral_browser); null otherwise
            first_order (bool):
            created_at (datetime.datetime):
            rule_verdicts (list[VerdictRead]): what each rule on order.paid did with the order, as the dry run shows it: an
                award, or a skip with its code and reason (e.g. currency_no_rate); in the answer that recorded the order, else
                empty
     """

    id: str
    metadata: OrderReadMetadata
    external_id: str
    customer_external_id: str
    customer_email: None | str
    amount: int
    currency: str
    refunded_amount: int
    promoter: None | PromoterRead | str
    referral: None | str
    attributed_by: None | str
    attribution_refusal: None | str
    first_order: bool
    created_at: datetime.datetime
    rule_verdicts: list[VerdictRead]
    object_: OrderReadObject = OrderReadObject.ORDER





    def to_dict(self) -> dict[str, Any]:
        from ..models.order_read_metadata import OrderReadMetadata # noqa: PLC0415
        from ..models.promoter_read import PromoterRead # noqa: PLC0415
        from ..models.verdict_read import VerdictRead # noqa: PLC0415
        id = self.id

        object_ = self.object_.value

        metadata = self.metadata.to_dict()

        external_id = self.external_id

        customer_external_id = self.customer_external_id

        customer_email: None | str
        customer_email = self.customer_email

        amount = self.amount

        currency = self.currency

        refunded_amount = self.refunded_amount

        promoter: dict[str, Any] | None | str
        if isinstance(self.promoter, PromoterRead):
            promoter = self.promoter.to_dict()
        else:
            promoter = self.promoter

        referral: None | str
        referral = self.referral

        attributed_by: None | str
        attributed_by = self.attributed_by

        attribution_refusal: None | str
        attribution_refusal = self.attribution_refusal

        first_order = self.first_order

        created_at = self.created_at.isoformat()

        rule_verdicts = []
        for rule_verdicts_item_data in self.rule_verdicts:
            rule_verdicts_item = rule_verdicts_item_data.to_dict()
            rule_verdicts.append(rule_verdicts_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "metadata": metadata,
            "external_id": external_id,
            "customer_external_id": customer_external_id,
            "customer_email": customer_email,
            "amount": amount,
            "currency": currency,
            "refunded_amount": refunded_amount,
            "promoter": promoter,
            "referral": referral,
            "attributed_by": attributed_by,
            "attribution_refusal": attribution_refusal,
            "first_order": first_order,
            "created_at": created_at,
            "rule_verdicts": rule_verdicts,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_read_metadata import OrderReadMetadata # noqa: PLC0415
        from ..models.promoter_read import PromoterRead # noqa: PLC0415
        from ..models.verdict_read import VerdictRead # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        object_ = OrderReadObject(d.pop("object"))




        metadata = OrderReadMetadata.from_dict(d.pop("metadata"))




        external_id = d.pop("external_id")

        customer_external_id = d.pop("customer_external_id")

        def _parse_customer_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_email = _parse_customer_email(d.pop("customer_email"))


        amount = d.pop("amount")

        currency = d.pop("currency")

        refunded_amount = d.pop("refunded_amount")

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


        def _parse_referral(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        referral = _parse_referral(d.pop("referral"))


        def _parse_attributed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        attributed_by = _parse_attributed_by(d.pop("attributed_by"))


        def _parse_attribution_refusal(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        attribution_refusal = _parse_attribution_refusal(d.pop("attribution_refusal"))


        first_order = d.pop("first_order")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        rule_verdicts = []
        _rule_verdicts = d.pop("rule_verdicts")
        for rule_verdicts_item_data in (_rule_verdicts):
            rule_verdicts_item = VerdictRead.from_dict(rule_verdicts_item_data)



            rule_verdicts.append(rule_verdicts_item)


        order_read = cls(
            id=id,
            object_=object_,
            metadata=metadata,
            external_id=external_id,
            customer_external_id=customer_external_id,
            customer_email=customer_email,
            amount=amount,
            currency=currency,
            refunded_amount=refunded_amount,
            promoter=promoter,
            referral=referral,
            attributed_by=attributed_by,
            attribution_refusal=attribution_refusal,
            first_order=first_order,
            created_at=created_at,
            rule_verdicts=rule_verdicts,
        )

        return order_read

