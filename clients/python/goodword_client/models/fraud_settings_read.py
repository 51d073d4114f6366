from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.fraud_settings_read_object import FraudSettingsReadObject






T = TypeVar("T", bound="FraudSettingsRead")



@_attrs_define
class FraudSettingsRead:
    """ 
        Attributes:
            object_ (FraudSettingsReadObject):  Default: FraudSettingsReadObject.FRAUD_SETTINGS.
            self_referral (str):
            duplicate_email (str):
            reused_click (str):
            disposable_email (str):
            velocity (str):
            max_signups_per_ip_per_day (int):
            max_signups_per_promoter_per_day (int):
            attribution (str): first_click | last_click
            review_score (int):
            reject_score (int):
     """

    self_referral: str
    duplicate_email: str
    reused_click: str
    disposable_email: str
    velocity: str
    max_signups_per_ip_per_day: int
    max_signups_per_promoter_per_day: int
    attribution: str
    review_score: int
    reject_score: int
    object_: FraudSettingsReadObject = FraudSettingsReadObject.FRAUD_SETTINGS





    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_.value

        self_referral = self.self_referral

        duplicate_email = self.duplicate_email

        reused_click = self.reused_click

        disposable_email = self.disposable_email

        velocity = self.velocity

        max_signups_per_ip_per_day = self.max_signups_per_ip_per_day

        max_signups_per_promoter_per_day = self.max_signups_per_promoter_per_day

        attribution = self.attribution

        review_score = self.review_score

        reject_score = self.reject_score


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "object": object_,
            "self_referral": self_referral,
            "duplicate_email": duplicate_email,
            "reused_click": reused_click,
            "disposable_email": disposable_email,
            "velocity": velocity,
            "max_signups_per_ip_per_day": max_signups_per_ip_per_day,
            "max_signups_per_promoter_per_day": max_signups_per_promoter_per_day,
            "attribution": attribution,
            "review_score": review_score,
            "reject_score": reject_score,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        object_ = FraudSettingsReadObject(d.pop("object"))




        self_referral = d.pop("self_referral")

        duplicate_email = d.pop("duplicate_email")

        reused_click = d.pop("reused_click")

        disposable_email = d.pop("disposable_email")

        velocity = d.pop("velocity")

        max_signups_per_ip_per_day = d.pop("max_signups_per_ip_per_day")

        max_signups_per_promoter_per_day = d.pop("max_signups_per_promoter_per_day")

        attribution = d.pop("attribution")

        review_score = d.pop("review_score")

        reject_score = d.pop("reject_score")

        fraud_settings_read = cls(
            object_=object_,
            self_referral=self_referral,
            duplicate_email=duplicate_email,
            reused_click=reused_click,
            disposable_email=disposable_email,
            velocity=velocity,
            max_signups_per_ip_per_day=max_signups_per_ip_per_day,
            max_signups_per_promoter_per_day=max_signups_per_promoter_per_day,
            attribution=attribution,
            review_score=review_score,
            reject_score=reject_score,
        )

        return fraud_settings_read

