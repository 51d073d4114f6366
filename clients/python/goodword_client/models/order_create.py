from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.order_create_metadata import OrderCreateMetadata





T = TypeVar("T", bound="OrderCreate")



@_attrs_define
class OrderCreate:
    """ 
        Attributes:
            external_id (str): your order id; the same id again returns the same order
            customer_external_id (str):
            amount (int): in minor units (cents)
            currency (str):
            metadata (OrderCreateMetadata | Unset): your own keys and values (50 keys, keys up to 40 characters, values up
                to 500); on update, "" removes a key and keys not sent stay
            customer_email (str | Unset):
            click_id (str | Unset):
            token (str | Unset):
            code (str | Unset):
            ip (str | Unset): their IP address; stored only hashed
            user_agent (str | Unset): their browser (User-Agent header)
            device_id (str | Unset): the first-party device id the shop keeps for the browser
            stripe_payment_intent (str | Unset): the Stripe payment intent that paid this order: Stripe's charge.refunded
                events for it then claw the order back
     """

    external_id: str
    customer_external_id: str
    amount: int
    currency: str
    metadata: OrderCreateMetadata | Unset = UNSET
    customer_email: str | Unset = UNSET
    click_id: str | Unset = UNSET
    token: str | Unset = UNSET
    code: str | Unset = UNSET
    ip: str | Unset = UNSET
    user_agent: str | Unset = UNSET
    device_id: str | Unset = UNSET
    stripe_payment_intent: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.order_create_metadata import OrderCreateMetadata # noqa: PLC0415
        external_id = self.external_id

        customer_external_id = self.customer_external_id

        amount = self.amount

        currency = self.currency

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        customer_email = self.customer_email

        click_id = self.click_id

        token = self.token

        code = self.code

        ip = self.ip

        user_agent = self.user_agent

        device_id = self.device_id

        stripe_payment_intent = self.stripe_payment_intent


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "external_id": external_id,
            "customer_external_id": customer_external_id,
            "amount": amount,
            "currency": currency,
        })
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if customer_email is not UNSET:
            field_dict["customer_email"] = customer_email
        if click_id is not UNSET:
            field_dict["click_id"] = click_id
        if token is not UNSET:
            field_dict["token"] = token
        if code is not UNSET:
            field_dict["code"] = code
        if ip is not UNSET:
            field_dict["ip"] = ip
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent
        if device_id is not UNSET:
            field_dict["device_id"] = device_id
        if stripe_payment_intent is not UNSET:
            field_dict["stripe_payment_intent"] = stripe_payment_intent

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_create_metadata import OrderCreateMetadata # noqa: PLC0415
        d = dict(src_dict)
        external_id = d.pop("external_id")

        customer_external_id = d.pop("customer_external_id")

        amount = d.pop("amount")

        currency = d.pop("currency")

        _metadata = d.pop("metadata", UNSET)
        metadata: OrderCreateMetadata | Unset
        if isinstance(_metadata,  Unset):
            metadata = UNSET
        else:
            metadata = OrderCreateMetadata.from_dict(_metadata)




        customer_email = d.pop("customer_email", UNSET)

        click_id = d.pop("click_id", UNSET)

        token = d.pop("token", UNSET)

        code = d.pop("code", UNSET)

        ip = d.pop("ip", UNSET)

        user_agent = d.pop("user_agent", UNSET)

        device_id = d.pop("device_id", UNSET)

        stripe_payment_intent = d.pop("stripe_payment_intent", UNSET)

        order_create = cls(
            external_id=external_id,
            customer_external_id=customer_external_id,
            amount=amount,
            currency=currency,
            metadata=metadata,
            customer_email=customer_email,
            click_id=click_id,
            token=token,
            code=code,
            ip=ip,
            user_agent=user_agent,
            device_id=device_id,
            stripe_payment_intent=stripe_payment_intent,
        )

        return order_create

