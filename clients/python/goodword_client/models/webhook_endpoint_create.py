from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_endpoint_create_enabled_events_item import WebhookEndpointCreateEnabledEventsItem
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.webhook_endpoint_create_metadata import WebhookEndpointCreateMetadata





T = TypeVar("T", bound="WebhookEndpointCreate")



@_attrs_define
class WebhookEndpointCreate:
    """ 
        Attributes:
            url (str):
            enabled_events (list[WebhookEndpointCreateEnabledEventsItem]):
            metadata (WebhookEndpointCreateMetadata | Unset): your own keys and values (50 keys, keys up to 40 characters,
                values up to 500); on update, "" removes a key and keys not sent stay
            description (None | str | Unset):
     """

    url: str
    enabled_events: list[WebhookEndpointCreateEnabledEventsItem]
    metadata: WebhookEndpointCreateMetadata | Unset = UNSET
    description: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_endpoint_create_metadata import WebhookEndpointCreateMetadata # noqa: PLC0415
        url = self.url

        enabled_events = []
        for enabled_events_item_data in self.enabled_events:
            enabled_events_item = enabled_events_item_data.value
            enabled_events.append(enabled_events_item)



        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "url": url,
            "enabled_events": enabled_events,
        })
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_endpoint_create_metadata import WebhookEndpointCreateMetadata # noqa: PLC0415
        d = dict(src_dict)
        url = d.pop("url")

        enabled_events = []
        _enabled_events = d.pop("enabled_events")
        for enabled_events_item_data in (_enabled_events):
            enabled_events_item = WebhookEndpointCreateEnabledEventsItem(enabled_events_item_data)



            enabled_events.append(enabled_events_item)


        _metadata = d.pop("metadata", UNSET)
        metadata: WebhookEndpointCreateMetadata | Unset
        if isinstance(_metadata,  Unset):
            metadata = UNSET
        else:
            metadata = WebhookEndpointCreateMetadata.from_dict(_metadata)




        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        webhook_endpoint_create = cls(
            url=url,
            enabled_events=enabled_events,
            metadata=metadata,
            description=description,
        )

        return webhook_endpoint_create

