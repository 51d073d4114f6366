from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_endpoint_read_object import WebhookEndpointReadObject
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.webhook_endpoint_read_metadata import WebhookEndpointReadMetadata





T = TypeVar("T", bound="WebhookEndpointRead")



@_attrs_define
class WebhookEndpointRead:
    """ 
        Attributes:
            id (str):
            object_ (WebhookEndpointReadObject):  Default: WebhookEndpointReadObject.WEBHOOK_ENDPOINT.
            metadata (WebhookEndpointReadMetadata): your own keys and values
            url (str):
            description (None | str):
            enabled_events (list[str]):
            status (str): enabled or disabled
            disabled_reason (None | str):
            failing_since (datetime.datetime | None):
            previous_secret_expires_at (datetime.datetime | None): after a rotation, the old secret also signs until then
            created_at (datetime.datetime):
     """

    id: str
    metadata: WebhookEndpointReadMetadata
    url: str
    description: None | str
    enabled_events: list[str]
    status: str
    disabled_reason: None | str
    failing_since: datetime.datetime | None
    previous_secret_expires_at: datetime.datetime | None
    created_at: datetime.datetime
    object_: WebhookEndpointReadObject = WebhookEndpointReadObject.WEBHOOK_ENDPOINT





    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_endpoint_read_metadata import WebhookEndpointReadMetadata # noqa: PLC0415
        id = self.id

        object_ = self.object_.value

        metadata = self.metadata.to_dict()

        url = self.url

        description: None | str
        description = self.description

        enabled_events = self.enabled_events



        status = self.status

        disabled_reason: None | str
        disabled_reason = self.disabled_reason

        failing_since: None | str
        if isinstance(self.failing_since, datetime.datetime):
            failing_since = self.failing_since.isoformat()
        else:
            failing_since = self.failing_since

        previous_secret_expires_at: None | str
        if isinstance(self.previous_secret_expires_at, datetime.datetime):
            previous_secret_expires_at = self.previous_secret_expires_at.isoformat()
        else:
            previous_secret_expires_at = self.previous_secret_expires_at

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "metadata": metadata,
            "url": url,
            "description": description,
            "enabled_events": enabled_events,
            "status": status,
            "disabled_reason": disabled_reason,
            "failing_since": failing_since,
            "previous_secret_expires_at": previous_secret_expires_at,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_endpoint_read_metadata import WebhookEndpointReadMetadata # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        object_ = WebhookEndpointReadObject(d.pop("object"))




        metadata = WebhookEndpointReadMetadata.from_dict(d.pop("metadata"))




        url = d.pop("url")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))


        enabled_events = cast(list[str], d.pop("enabled_events"))


        status = d.pop("status")

        def _parse_disabled_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabled_reason"))


        def _parse_failing_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failing_since_type_0 = datetime.datetime.fromisoformat(data)



                return failing_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failing_since = _parse_failing_since(d.pop("failing_since"))


        def _parse_previous_secret_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_secret_expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return previous_secret_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        previous_secret_expires_at = _parse_previous_secret_expires_at(d.pop("previous_secret_expires_at"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        webhook_endpoint_read = cls(
            id=id,
            object_=object_,
            metadata=metadata,
            url=url,
            description=description,
            enabled_events=enabled_events,
            status=status,
            disabled_reason=disabled_reason,
            failing_since=failing_since,
            previous_secret_expires_at=previous_secret_expires_at,
            created_at=created_at,
        )

        return webhook_endpoint_read

