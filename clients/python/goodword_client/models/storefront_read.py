from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.storefront_read_click_param import StorefrontReadClickParam
from ..models.storefront_read_object import StorefrontReadObject






T = TypeVar("T", bound="StorefrontRead")



@_attrs_define
class StorefrontRead:
    """ 
        Attributes:
            object_ (StorefrontReadObject):  Default: StorefrontReadObject.STOREFRONT_SETTINGS.
            attribution (str): first_click (a kept click stays) | last_click (a new one replaces it)
            attribution_window_days (int): how long the storefront keeps a click
            click_param (StorefrontReadClickParam): the landing URL's query parameter with the click id Default:
                StorefrontReadClickParam.GW_CLICK.
     """

    attribution: str
    attribution_window_days: int
    object_: StorefrontReadObject = StorefrontReadObject.STOREFRONT_SETTINGS
    click_param: StorefrontReadClickParam = StorefrontReadClickParam.GW_CLICK





    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.value

        attribution = self.attribution

        attribution_window_days = self.attribution_window_days

        click_param = self.click_param.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "attribution": attribution,
            "attribution_window_days": attribution_window_days,
            "click_param": click_param,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        object_ = StorefrontReadObject(d.pop("object"))




        attribution = d.pop("attribution")

        attribution_window_days = d.pop("attribution_window_days")

        click_param = StorefrontReadClickParam(d.pop("click_param"))




        storefront_read = cls(
            object_=object_,
            attribution=attribution,
            attribution_window_days=attribution_window_days,
            click_param=click_param,
        )

        return storefront_read

