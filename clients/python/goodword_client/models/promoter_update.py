from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.promoter_update_metadata import PromoterUpdateMetadata





T = TypeVar("T", bound="PromoterUpdate")



@_attrs_define
class PromoterUpdate:
    """ 
        Attributes:
            metadata (PromoterUpdateMetadata | Unset): your own keys and values (50 keys, keys up to 40 characters, values
                up to 500); on update, "" removes a key and keys not sent stay
            birthday (None | str | Unset): MM-DD, never a year; null forgets it
     """

    metadata: PromoterUpdateMetadata | Unset = UNSET
    birthday: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.promoter_update_metadata import PromoterUpdateMetadata # noqa: PLC0415
        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        birthday: None | str | Unset
        if isinstance(self.birthday, Unset):
            birthday = UNSET
        else:
            birthday = self.birthday


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if birthday is not UNSET:
            field_dict["birthday"] = birthday

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.promoter_update_metadata import PromoterUpdateMetadata # noqa: PLC0415
        d = dict(src_dict)
        _metadata = d.pop("metadata", UNSET)
        metadata: PromoterUpdateMetadata | Unset
        if isinstance(_metadata,  Unset):
            metadata = UNSET
        else:
            metadata = PromoterUpdateMetadata.from_dict(_metadata)




        def _parse_birthday(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        birthday = _parse_birthday(d.pop("birthday", UNSET))


        promoter_update = cls(
            metadata=metadata,
            birthday=birthday,
        )

        return promoter_update

