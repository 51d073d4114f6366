from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.codes_uploaded_object import CodesUploadedObject






T = TypeVar("T", bound="CodesUploaded")



@_attrs_define
class CodesUploaded:
    """ 
        Attributes:
            object_ (CodesUploadedObject):  Default: CodesUploadedObject.CODE_UPLOAD.
            added (int):
            codes_left (int):
     """

    added: int
    codes_left: int
    object_: CodesUploadedObject = CodesUploadedObject.CODE_UPLOAD





    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.value

        added = self.added

        codes_left = self.codes_left


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "added": added,
            "codes_left": codes_left,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        object_ = CodesUploadedObject(d.pop("object"))




        added = d.pop("added")

        codes_left = d.pop("codes_left")

        codes_uploaded = cls(
            object_=object_,
            added=added,
            codes_left=codes_left,
        )

        return codes_uploaded

