from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.delivery_read_object import DeliveryReadObject
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.attempt_read import AttemptRead





T = TypeVar("T", bound="DeliveryRead")



@_attrs_define
class DeliveryRead:
    """ 
        Attributes:
            id (str):
            object_ (DeliveryReadObject):  Default: DeliveryReadObject.WEBHOOK_DELIVERY.
            event (str):
            webhook_endpoint (str):
            status (str): pending, succeeded, failed or disabled
            attempts (int):
            next_attempt_at (datetime.datetime | None):
            last_status_code (int | None):
            last_latency_ms (int | None):
            last_response (None | str):
            last_error (None | str):
            history (list[AttemptRead]): every attempt, oldest first
            created_at (datetime.datetime):
     """

    id: str
    event: str
    webhook_endpoint: str
    status: str
    attempts: int
    next_attempt_at: datetime.datetime | None
    last_status_code: int | None
    last_latency_ms: int | None
    last_response: None | str
    last_error: None | str
    history: list[AttemptRead]
    created_at: datetime.datetime
    object_: DeliveryReadObject = DeliveryReadObject.WEBHOOK_DELIVERY





    def to_dict(self) -> dict[str, Any]:
        from ..models.attempt_read import AttemptRead # noqa: PLC0415
        id = self.id

        object_ = self.object_.value

        event = self.event

        webhook_endpoint = self.webhook_endpoint

        status = self.status

        attempts = self.attempts

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        last_status_code: int | None
        last_status_code = self.last_status_code

        last_latency_ms: int | None
        last_latency_ms = self.last_latency_ms

        last_response: None | str
        last_response = self.last_response

        last_error: None | str
        last_error = self.last_error

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)



        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "event": event,
            "webhook_endpoint": webhook_endpoint,
            "status": status,
            "attempts": attempts,
            "next_attempt_at": next_attempt_at,
            "last_status_code": last_status_code,
            "last_latency_ms": last_latency_ms,
            "last_response": last_response,
            "last_error": last_error,
            "history": history,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attempt_read import AttemptRead # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        object_ = DeliveryReadObject(d.pop("object"))




        event = d.pop("event")

        webhook_endpoint = d.pop("webhook_endpoint")

        status = d.pop("status")

        attempts = d.pop("attempts")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)



                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))


        def _parse_last_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_status_code = _parse_last_status_code(d.pop("last_status_code"))


        def _parse_last_latency_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_latency_ms = _parse_last_latency_ms(d.pop("last_latency_ms"))


        def _parse_last_response(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_response = _parse_last_response(d.pop("last_response"))


        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))


        history = []
        _history = d.pop("history")
        for history_item_data in (_history):
            history_item = AttemptRead.from_dict(history_item_data)



            history.append(history_item)


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        delivery_read = cls(
            id=id,
            object_=object_,
            event=event,
            webhook_endpoint=webhook_endpoint,
            status=status,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            last_status_code=last_status_code,
            last_latency_ms=last_latency_ms,
            last_response=last_response,
            last_error=last_error,
            history=history,
            created_at=created_at,
        )

        return delivery_read

