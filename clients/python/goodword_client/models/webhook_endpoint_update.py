from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_endpoint_update_enabled_events_item import WebhookEndpointUpdateEnabledEventsItem
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.webhook_endpoint_update_metadata import WebhookEndpointUpdateMetadata





T = TypeVar("T", bound="WebhookEndpointUpdate")



@_attrs_define
class WebhookEndpointUpdate:
    """ 
        Attributes:
            metadata (WebhookEndpointUpdateMetadata | Unset): your own keys and values (50 keys, keys up to 40 characters,
                values up to 500); on update, "" removes a key and keys not sent stay
            url (str | Unset): https only in production
            enabled_events (list[WebhookEndpointUpdateEnabledEventsItem] | Unset): event types, or ["*"] for all
            description (None | str | Unset):
            disabled (bool | Unset): stop (true) or resume (false)
     """

    metadata: WebhookEndpointUpdateMetadata | Unset = UNSET
    url: str | Unset = UNSET
    enabled_events: list[WebhookEndpointUpdateEnabledEventsItem] | Unset = UNSET
    description: None | str | Unset = UNSET
    disabled: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_endpoint_update_metadata import WebhookEndpointUpdateMetadata # noqa: PLC0415
        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        url = self.url

        enabled_events: list[str] | Unset = UNSET
        if not isinstance(self.enabled_events, Unset):
            enabled_events = []
            for enabled_events_item_data in self.enabled_events:
                enabled_events_item = enabled_events_item_data.value
                enabled_events.append(enabled_events_item)



        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        disabled = self.disabled


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if url is not UNSET:
            field_dict["url"] = url
        if enabled_events is not UNSET:
            field_dict["enabled_events"] = enabled_events
        if description is not UNSET:
            field_dict["description"] = description
        if disabled is not UNSET:
            field_dict["disabled"] = disabled

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_endpoint_update_metadata import WebhookEndpointUpdateMetadata # noqa: PLC0415
        d = dict(src_dict)
        _metadata = d.pop("metadata", UNSET)
        metadata: WebhookEndpointUpdateMetadata | Unset
        if isinstance(_metadata,  Unset):
            metadata = UNSET
        else:
            metadata = WebhookEndpointUpdateMetadata.from_dict(_metadata)




        url = d.pop("url", UNSET)

        _enabled_events = d.pop("enabled_events", UNSET)
        enabled_events: list[WebhookEndpointUpdateEnabledEventsItem] | Unset = UNSET
        if _enabled_events is not UNSET:
            enabled_events = []
            for enabled_events_item_data in _enabled_events:
                enabled_events_item = WebhookEndpointUpdateEnabledEventsItem(enabled_events_item_data)



                enabled_events.append(enabled_events_item)


        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))


        disabled = d.pop("disabled", UNSET)

        webhook_endpoint_update = cls(
            metadata=metadata,
            url=url,
            enabled_events=enabled_events,
            description=description,
            disabled=disabled,
        )

        return webhook_endpoint_update

