from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="WidgetSettingsUpdate")



@_attrs_define
class WidgetSettingsUpdate:
    """ 
        Attributes:
            ask_nps (bool | Unset): ask 0-10 before offering to share
            accent_color (str | Unset): #rrggbb of buttons and links
            background_color (str | Unset):
            text_color (str | Unset):
            title (None | str | Unset):
     """

    ask_nps: bool | Unset = UNSET
    accent_color: str | Unset = UNSET
    background_color: str | Unset = UNSET
    text_color: str | Unset = UNSET
    title: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        ask_nps = self.ask_nps

        accent_color = self.accent_color

        background_color = self.background_color

        text_color = self.text_color

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if ask_nps is not UNSET:
            field_dict["ask_nps"] = ask_nps
        if accent_color is not UNSET:
            field_dict["accent_color"] = accent_color
        if background_color is not UNSET:
            field_dict["background_color"] = background_color
        if text_color is not UNSET:
            field_dict["text_color"] = text_color
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ask_nps = d.pop("ask_nps", UNSET)

        accent_color = d.pop("accent_color", UNSET)

        background_color = d.pop("background_color", UNSET)

        text_color = d.pop("text_color", UNSET)

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))


        widget_settings_update = cls(
            ask_nps=ask_nps,
            accent_color=accent_color,
            background_color=background_color,
            text_color=text_color,
            title=title,
        )

        return widget_settings_update

