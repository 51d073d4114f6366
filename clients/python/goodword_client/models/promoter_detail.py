from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.promoter_detail_object import PromoterDetailObject
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.next_tier_read import NextTierRead
  from ..models.promoter_detail_metadata import PromoterDetailMetadata
  from ..models.promoter_detail_next_tier_type_1_type_0 import PromoterDetailNextTierType1Type0
  from ..models.promoter_detail_tier_type_0_type_0 import PromoterDetailTierType0Type0
  from ..models.promoter_tier_read import PromoterTierRead
  from ..models.stage_counts_read import StageCountsRead





T = TypeVar("T", bound="PromoterDetail")



@_attrs_define
class PromoterDetail:
    """ 
        Attributes:
            id (str):
            object_ (PromoterDetailObject):  Default: PromoterDetailObject.PROMOTER.
            metadata (PromoterDetailMetadata): your own keys and values
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
            stats (StageCountsRead):
            tier (None | PromoterDetailTierType0Type0 | PromoterTierRead):
            next_tier (NextTierRead | None | PromoterDetailNextTierType1Type0): the tier above, with the promoter's progress
                towards it
     """

    id: str
    metadata: PromoterDetailMetadata
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
    stats: StageCountsRead
    tier: None | PromoterDetailTierType0Type0 | PromoterTierRead
    next_tier: NextTierRead | None | PromoterDetailNextTierType1Type0
    object_: PromoterDetailObject = PromoterDetailObject.PROMOTER





    def to_dict(self) -> dict[str, Any]:
        from ..models.next_tier_read import NextTierRead # noqa: PLC0415
        from ..models.promoter_detail_metadata import PromoterDetailMetadata # noqa: PLC0415
        from ..models.promoter_detail_next_tier_type_1_type_0 import PromoterDetailNextTierType1Type0 # noqa: PLC0415
        from ..models.promoter_detail_tier_type_0_type_0 import PromoterDetailTierType0Type0 # noqa: PLC0415
        from ..models.promoter_tier_read import PromoterTierRead # noqa: PLC0415
        from ..models.stage_counts_read import StageCountsRead # noqa: PLC0415
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

        stats = self.stats.to_dict()

        tier: dict[str, Any] | None
        if isinstance(self.tier, PromoterDetailTierType0Type0):
            tier = self.tier.to_dict()
        elif isinstance(self.tier, PromoterTierRead):
            tier = self.tier.to_dict()
        else:
            tier = self.tier

        next_tier: dict[str, Any] | None
        if isinstance(self.next_tier, NextTierRead):
            next_tier = self.next_tier.to_dict()
        elif isinstance(self.next_tier, PromoterDetailNextTierType1Type0):
            next_tier = self.next_tier.to_dict()
        else:
            next_tier = self.next_tier


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
            "stats": stats,
            "tier": tier,
            "next_tier": next_tier,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.next_tier_read import NextTierRead # noqa: PLC0415
        from ..models.promoter_detail_metadata import PromoterDetailMetadata # noqa: PLC0415
        from ..models.promoter_detail_next_tier_type_1_type_0 import PromoterDetailNextTierType1Type0 # noqa: PLC0415
        from ..models.promoter_detail_tier_type_0_type_0 import PromoterDetailTierType0Type0 # noqa: PLC0415
        from ..models.promoter_tier_read import PromoterTierRead # noqa: PLC0415
        from ..models.stage_counts_read import StageCountsRead # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        object_ = PromoterDetailObject(d.pop("object"))




        metadata = PromoterDetailMetadata.from_dict(d.pop("metadata"))




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


        stats = StageCountsRead.from_dict(d.pop("stats"))




        def _parse_tier(data: object) -> None | PromoterDetailTierType0Type0 | PromoterTierRead:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tier_type_0_type_0 = PromoterDetailTierType0Type0.from_dict(data)



                return tier_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tier_type_1 = PromoterTierRead.from_dict(data)



                return tier_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PromoterDetailTierType0Type0 | PromoterTierRead, data)

        tier = _parse_tier(d.pop("tier"))


        def _parse_next_tier(data: object) -> NextTierRead | None | PromoterDetailNextTierType1Type0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                next_tier_type_0 = NextTierRead.from_dict(data)



                return next_tier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                next_tier_type_1_type_0 = PromoterDetailNextTierType1Type0.from_dict(data)



                return next_tier_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NextTierRead | None | PromoterDetailNextTierType1Type0, data)

        next_tier = _parse_next_tier(d.pop("next_tier"))


        promoter_detail = cls(
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
            stats=stats,
            tier=tier,
            next_tier=next_tier,
        )

        return promoter_detail

