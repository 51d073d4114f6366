from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ViralityRead")



@_attrs_define
class ViralityRead:
    """ 
        Attributes:
            members (int): promoters enrolled by the range's end
            invitations (int): shares in the range
            invitations_per_member (float | None):
            reach_per_invitation (float | None): valid clicks per invitation
            invitation_conversion (float | None): signups (not rejected) per invitation; above 1 when one share reached
                several friends
            k_factor (float | None): invitations_per_member x invitation_conversion: new friends each member brought
     """

    members: int
    invitations: int
    invitations_per_member: float | None
    reach_per_invitation: float | None
    invitation_conversion: float | None
    k_factor: float | None





    def to_dict(self) -> dict[str, Any]:
        members = self.members

        invitations = self.invitations

        invitations_per_member: float | None
        invitations_per_member = self.invitations_per_member

        reach_per_invitation: float | None
        reach_per_invitation = self.reach_per_invitation

        invitation_conversion: float | None
        invitation_conversion = self.invitation_conversion

        k_factor: float | None
        k_factor = self.k_factor


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "members": members,
            "invitations": invitations,
            "invitations_per_member": invitations_per_member,
            "reach_per_invitation": reach_per_invitation,
            "invitation_conversion": invitation_conversion,
            "k_factor": k_factor,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        members = d.pop("members")

        invitations = d.pop("invitations")

        def _parse_invitations_per_member(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        invitations_per_member = _parse_invitations_per_member(d.pop("invitations_per_member"))


        def _parse_reach_per_invitation(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        reach_per_invitation = _parse_reach_per_invitation(d.pop("reach_per_invitation"))


        def _parse_invitation_conversion(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        invitation_conversion = _parse_invitation_conversion(d.pop("invitation_conversion"))


        def _parse_k_factor(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        k_factor = _parse_k_factor(d.pop("k_factor"))


        virality_read = cls(
            members=members,
            invitations=invitations,
            invitations_per_member=invitations_per_member,
            reach_per_invitation=reach_per_invitation,
            invitation_conversion=invitation_conversion,
            k_factor=k_factor,
        )

        return virality_read

