from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.widget_settings_read_object import WidgetSettingsReadObject
from typing import cast






T = TypeVar("T", bound="WidgetSettingsRead")



@_attrs_define
class WidgetSettingsRead:
    """ 
        Attributes:
            object_ (WidgetSettingsReadObject):  Default: WidgetSettingsReadObject.WIDGET_SETTINGS.
            ask_nps (bool):
            accent_color (str):
            accent_text_color (str): black or white, whichever reads better on the accent
            background_color (str):
            text_color (str):
            title (None | str):
     """

    ask_nps: bool
    accent_color: str
    accent_text_color: str
    background_color: str
    text_color: str
    title: None | str
    object_: WidgetSettingsReadObject = WidgetSettingsReadObject.WIDGET_SETTINGS





    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.value

        ask_nps = self.ask_nps

        accent_color = self.accent_color

        accent_text_color = self.accent_text_color

        background_color = self.background_color

        text_color = self.text_color

        title: None | str
        title = self.title


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "ask_nps": ask_nps,
            "accent_color": accent_color,
            "accent_text_color": accent_text_color,
            "background_color": background_color,
            "text_color": text_color,
            "title": title,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        object_ = WidgetSettingsReadObject(d.pop("object"))




        ask_nps = d.pop("ask_nps")

        accent_color = d.pop("accent_color")

        accent_text_color = d.pop("accent_text_color")

        background_color = d.pop("background_color")

        text_color = d.pop("text_color")

        def _parse_title(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        title = _parse_title(d.pop("title"))


        widget_settings_read = cls(
            object_=object_,
            ask_nps=ask_nps,
            accent_color=accent_color,
            accent_text_color=accent_text_color,
            background_color=background_color,
            text_color=text_color,
            title=title,
        )

        return widget_settings_read

