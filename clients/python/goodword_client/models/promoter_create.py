from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.promoter_create_metadata import PromoterCreateMetadata





T = TypeVar("T", bound="PromoterCreate")



@_attrs_define
class PromoterCreate:
    """ 
        Attributes:
            metadata (PromoterCreateMetadata | Unset): your own keys and values (50 keys, keys up to 40 characters, values
                up to 500); on update, "" removes a key and keys not sent stay
            external_id (str | Unset): your id for this customer; enrolling it again returns them
            email (str | Unset):
            name (str | Unset):
            code (str | Unset): a vanity code; generated when absent
            ip (str | Unset): their IP address; stored only hashed
            user_agent (str | Unset): their browser (User-Agent header)
            device_id (str | Unset): the first-party device id the shop keeps for the browser
            birthday (str | Unset): month and day as MM-DD (02-29 allowed), never a year: earns under member.birthday rules;
                kept for a new member (PATCH changes it)
     """

    metadata: PromoterCreateMetadata | Unset = UNSET
    external_id: str | Unset = UNSET
    email: str | Unset = UNSET
    name: str | Unset = UNSET
    code: str | Unset = UNSET
    ip: str | Unset = UNSET
    user_agent: str | Unset = UNSET
    device_id: str | Unset = UNSET
    birthday: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.promoter_create_metadata import PromoterCreateMetadata # noqa: PLC0415
        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        external_id = self.external_id

        email = self.email

        name = self.name

        code = self.code

        ip = self.ip

        user_agent = self.user_agent

        device_id = self.device_id

        birthday = self.birthday


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if email is not UNSET:
            field_dict["email"] = email
        if name is not UNSET:
            field_dict["name"] = name
        if code is not UNSET:
            field_dict["code"] = code
        if ip is not UNSET:
            field_dict["ip"] = ip
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent
        if device_id is not UNSET:
            field_dict["device_id"] = device_id
        if birthday is not UNSET:
            field_dict["birthday"] = birthday

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.promoter_create_metadata import PromoterCreateMetadata # noqa: PLC0415
        d = dict(src_dict)
        _metadata = d.pop("metadata", UNSET)
        metadata: PromoterCreateMetadata | Unset
        if isinstance(_metadata,  Unset):
            metadata = UNSET
        else:
            metadata = PromoterCreateMetadata.from_dict(_metadata)




        external_id = d.pop("external_id", UNSET)

        email = d.pop("email", UNSET)

        name = d.pop("name", UNSET)

        code = d.pop("code", UNSET)

        ip = d.pop("ip", UNSET)

        user_agent = d.pop("user_agent", UNSET)

        device_id = d.pop("device_id", UNSET)

        birthday = d.pop("birthday", UNSET)

        promoter_create = cls(
            metadata=metadata,
            external_id=external_id,
            email=email,
            name=name,
            code=code,
            ip=ip,
            user_agent=user_agent,
            device_id=device_id,
            birthday=birthday,
        )

        return promoter_create

