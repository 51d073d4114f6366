from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.api_key_read_object import ApiKeyReadObject
from typing import cast
import datetime






T = TypeVar("T", bound="ApiKeyRead")



@_attrs_define
class ApiKeyRead:
    """ 
        Attributes:
            id (str):
            object_ (ApiKeyReadObject):  Default: ApiKeyReadObject.API_KEY.
            kind (str):
            mode (str):
            redacted (str):
            created_at (datetime.datetime):
            expires_at (datetime.datetime | None):
            revoked_at (datetime.datetime | None):
     """

    id: str
    kind: str
    mode: str
    redacted: str
    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    object_: ApiKeyReadObject = ApiKeyReadObject.API_KEY





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        kind = self.kind

        mode = self.mode

        redacted = self.redacted

        created_at = self.created_at.isoformat()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "kind": kind,
            "mode": mode,
            "redacted": redacted,
            "created_at": created_at,
            "expires_at": expires_at,
            "revoked_at": revoked_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = ApiKeyReadObject(d.pop("object"))




        kind = d.pop("kind")

        mode = d.pop("mode")

        redacted = d.pop("redacted")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))


        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)



                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))


        api_key_read = cls(
            id=id,
            object_=object_,
            kind=kind,
            mode=mode,
            redacted=redacted,
            created_at=created_at,
            expires_at=expires_at,
            revoked_at=revoked_at,
        )

        return api_key_read

