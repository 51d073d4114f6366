from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.promoter_read_object import PromoterReadObject
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.promoter_read_metadata import PromoterReadMetadata





T = TypeVar("T", bound="PromoterRead")



@_attrs_define
class PromoterRead:
    """ 
        Attributes:
            id (str):
            object_ (PromoterReadObject):  Default: PromoterReadObject.PROMOTER.
            metadata (PromoterReadMetadata): your own keys and values
            external_id (None | str):
            email (None | str):
            name (None | str):
            code (str):
            referral_url (str): the promoter's signed referral link
            code_url (str): a short link by code, to read aloud or print
            status (str): active or blocked
            birthday (None | str): MM-DD, never a year; null: not given
            created_at (datetime.datetime): when they became a member (anniversaries count from it)
            erased_at (datetime.datetime | None):
     """

    id: str
    metadata: PromoterReadMetadata
    external_id: None | str
    email: None | str
    name: None | str
    code: str
    referral_url: str
    code_url: str
    status: str
    birthday: None | str
    created_at: datetime.datetime
    erased_at: datetime.datetime | None
    object_: PromoterReadObject = PromoterReadObject.PROMOTER





    def to_dict(self) -> dict[str, Any]:
        from ..models.promoter_read_metadata import PromoterReadMetadata # noqa: PLC0415
        id = self.id

        object_ = self.object_.value

        metadata = self.metadata.to_dict()

        external_id: None | str
        external_id = self.external_id

        email: None | str
        email = self.email

        name: None | str
        name = self.name

        code = self.code

        referral_url = self.referral_url

        code_url = self.code_url

        status = self.status

        birthday: None | str
        birthday = self.birthday

        created_at = self.created_at.isoformat()

        erased_at: None | str
        if isinstance(self.erased_at, datetime.datetime):
            erased_at = self.erased_at.isoformat()
        else:
            erased_at = self.erased_at


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "object": object_,
            "metadata": metadata,
            "external_id": external_id,
            "email": email,
            "name": name,
            "code": code,
            "referral_url": referral_url,
            "code_url": code_url,
            "status": status,
            "birthday": birthday,
            "created_at": created_at,
            "erased_at": erased_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.promoter_read_metadata import PromoterReadMetadata # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        object_ = PromoterReadObject(d.pop("object"))




        metadata = PromoterReadMetadata.from_dict(d.pop("metadata"))




        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))


        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))


        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        code = d.pop("code")

        referral_url = d.pop("referral_url")

        code_url = d.pop("code_url")

        status = d.pop("status")

        def _parse_birthday(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        birthday = _parse_birthday(d.pop("birthday"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_erased_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                erased_at_type_0 = datetime.datetime.fromisoformat(data)



                return erased_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        erased_at = _parse_erased_at(d.pop("erased_at"))


        promoter_read = cls(
            id=id,
            object_=object_,
            metadata=metadata,
            external_id=external_id,
            email=email,
            name=name,
            code=code,
            referral_url=referral_url,
            code_url=code_url,
            status=status,
            birthday=birthday,
            created_at=created_at,
            erased_at=erased_at,
        )

        return promoter_read

