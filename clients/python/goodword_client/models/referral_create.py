from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.referral_create_metadata import ReferralCreateMetadata





T = TypeVar("T", bound="ReferralCreate")



@_attrs_define
class ReferralCreate:
    """ 
        Attributes:
            referee_external_id (str): your id for the friend who signed up
            metadata (ReferralCreateMetadata | Unset): your own keys and values (50 keys, keys up to 40 characters, values
                up to 500); on update, "" removes a key and keys not sent stay
            referee_email (str | Unset):
            click_id (str | Unset): the gw_click value the shop kept from the redirect
            token (str | Unset):
            code (str | Unset):
            ip (str | Unset): the friend's IP address; stored only hashed (with its /24 or /64)
            user_agent (str | Unset): the friend's browser (User-Agent header), kept up to 512 characters
            device_id (str | Unset): a first-party device id the shop keeps for the browser (its own cookie or storage):
                compared with the promoter's devices
     """

    referee_external_id: str
    metadata: ReferralCreateMetadata | Unset = UNSET
    referee_email: str | Unset = UNSET
    click_id: str | Unset = UNSET
    token: str | Unset = UNSET
    code: str | Unset = UNSET
    ip: str | Unset = UNSET
    user_agent: str | Unset = UNSET
    device_id: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.referral_create_metadata import ReferralCreateMetadata # noqa: PLC0415
        referee_external_id = self.referee_external_id

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        referee_email = self.referee_email

        click_id = self.click_id

        token = self.token

        code = self.code

        ip = self.ip

        user_agent = self.user_agent

        device_id = self.device_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "referee_external_id": referee_external_id,
        })
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if referee_email is not UNSET:
            field_dict["referee_email"] = referee_email
        if click_id is not UNSET:
            field_dict["click_id"] = click_id
        if token is not UNSET:
            field_dict["token"] = token
        if code is not UNSET:
            field_dict["code"] = code
        if ip is not UNSET:
            field_dict["ip"] = ip
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent
        if device_id is not UNSET:
            field_dict["device_id"] = device_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.referral_create_metadata import ReferralCreateMetadata # noqa: PLC0415
        d = dict(src_dict)
        referee_external_id = d.pop("referee_external_id")

        _metadata = d.pop("metadata", UNSET)
        metadata: ReferralCreateMetadata | Unset
        if isinstance(_metadata,  Unset):
            metadata = UNSET
        else:
            metadata = ReferralCreateMetadata.from_dict(_metadata)




        referee_email = d.pop("referee_email", UNSET)

        click_id = d.pop("click_id", UNSET)

        token = d.pop("token", UNSET)

        code = d.pop("code", UNSET)

        ip = d.pop("ip", UNSET)

        user_agent = d.pop("user_agent", UNSET)

        device_id = d.pop("device_id", UNSET)

        referral_create = cls(
            referee_external_id=referee_external_id,
            metadata=metadata,
            referee_email=referee_email,
            click_id=click_id,
            token=token,
            code=code,
            ip=ip,
            user_agent=user_agent,
            device_id=device_id,
        )

        return referral_create

