from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.fraud_settings_update_attribution import FraudSettingsUpdateAttribution
from ..models.fraud_settings_update_disposable_email import FraudSettingsUpdateDisposableEmail
from ..models.fraud_settings_update_duplicate_email import FraudSettingsUpdateDuplicateEmail
from ..models.fraud_settings_update_reused_click import FraudSettingsUpdateReusedClick
from ..models.fraud_settings_update_self_referral import FraudSettingsUpdateSelfReferral
from ..models.fraud_settings_update_velocity import FraudSettingsUpdateVelocity
from ..types import UNSET, Unset






T = TypeVar("T", bound="FraudSettingsUpdate")



@_attrs_define
class FraudSettingsUpdate:
    """ 
        Attributes:
            self_referral (FraudSettingsUpdateSelfReferral | Unset):
            duplicate_email (FraudSettingsUpdateDuplicateEmail | Unset):
            reused_click (FraudSettingsUpdateReusedClick | Unset):
            disposable_email (FraudSettingsUpdateDisposableEmail | Unset):
            velocity (FraudSettingsUpdateVelocity | Unset):
            max_signups_per_ip_per_day (int | Unset):
            max_signups_per_promoter_per_day (int | Unset):
            attribution (FraudSettingsUpdateAttribution | Unset): first_click (default): a typed code, then the first valid
                click in the window; last_click: the latest click, then token, then code
            review_score (int | Unset): risk score from which a signup is held for review (40)
            reject_score (int | Unset): risk score from which a signup is rejected (80)
     """

    self_referral: FraudSettingsUpdateSelfReferral | Unset = UNSET
    duplicate_email: FraudSettingsUpdateDuplicateEmail | Unset = UNSET
    reused_click: FraudSettingsUpdateReusedClick | Unset = UNSET
    disposable_email: FraudSettingsUpdateDisposableEmail | Unset = UNSET
    velocity: FraudSettingsUpdateVelocity | Unset = UNSET
    max_signups_per_ip_per_day: int | Unset = UNSET
    max_signups_per_promoter_per_day: int | Unset = UNSET
    attribution: FraudSettingsUpdateAttribution | Unset = UNSET
    review_score: int | Unset = UNSET
    reject_score: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        self_referral: str | Unset = UNSET
        if not isinstance(self.self_referral, Unset):
            self_referral = self.self_referral.value


        duplicate_email: str | Unset = UNSET
        if not isinstance(self.duplicate_email, Unset):
            duplicate_email = self.duplicate_email.value


        reused_click: str | Unset = UNSET
        if not isinstance(self.reused_click, Unset):
            reused_click = self.reused_click.value


        disposable_email: str | Unset = UNSET
        if not isinstance(self.disposable_email, Unset):
            disposable_email = self.disposable_email.value


        velocity: str | Unset = UNSET
        if not isinstance(self.velocity, Unset):
            velocity = self.velocity.value


        max_signups_per_ip_per_day = self.max_signups_per_ip_per_day

        max_signups_per_promoter_per_day = self.max_signups_per_promoter_per_day

        attribution: str | Unset = UNSET
        if not isinstance(self.attribution, Unset):
            attribution = self.attribution.value


        review_score = self.review_score

        reject_score = self.reject_score


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if self_referral is not UNSET:
            field_dict["self_referral"] = self_referral
        if duplicate_email is not UNSET:
            field_dict["duplicate_email"] = duplicate_email
        if reused_click is not UNSET:
            field_dict["reused_click"] = reused_click
        if disposable_email is not UNSET:
            field_dict["disposable_email"] = disposable_email
        if velocity is not UNSET:
            field_dict["velocity"] = velocity
        if max_signups_per_ip_per_day is not UNSET:
            field_dict["max_signups_per_ip_per_day"] = max_signups_per_ip_per_day
        if max_signups_per_promoter_per_day is not UNSET:
            field_dict["max_signups_per_promoter_per_day"] = max_signups_per_promoter_per_day
        if attribution is not UNSET:
            field_dict["attribution"] = attribution
        if review_score is not UNSET:
            field_dict["review_score"] = review_score
        if reject_score is not UNSET:
            field_dict["reject_score"] = reject_score

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _self_referral = d.pop("self_referral", UNSET)
        self_referral: FraudSettingsUpdateSelfReferral | Unset
        if isinstance(_self_referral,  Unset):
            self_referral = UNSET
        else:
            self_referral = FraudSettingsUpdateSelfReferral(_self_referral)




        _duplicate_email = d.pop("duplicate_email", UNSET)
        duplicate_email: FraudSettingsUpdateDuplicateEmail | Unset
        if isinstance(_duplicate_email,  Unset):
            duplicate_email = UNSET
        else:
            duplicate_email = FraudSettingsUpdateDuplicateEmail(_duplicate_email)




        _reused_click = d.pop("reused_click", UNSET)
        reused_click: FraudSettingsUpdateReusedClick | Unset
        if isinstance(_reused_click,  Unset):
            reused_click = UNSET
        else:
            reused_click = FraudSettingsUpdateReusedClick(_reused_click)




        _disposable_email = d.pop("disposable_email", UNSET)
        disposable_email: FraudSettingsUpdateDisposableEmail | Unset
        if isinstance(_disposable_email,  Unset):
            disposable_email = UNSET
        else:
            disposable_email = FraudSettingsUpdateDisposableEmail(_disposable_email)




        _velocity = d.pop("velocity", UNSET)
        velocity: FraudSettingsUpdateVelocity | Unset
        if isinstance(_velocity,  Unset):
            velocity = UNSET
        else:
            velocity = FraudSettingsUpdateVelocity(_velocity)




        max_signups_per_ip_per_day = d.pop("max_signups_per_ip_per_day", UNSET)

        max_signups_per_promoter_per_day = d.pop("max_signups_per_promoter_per_day", UNSET)

        _attribution = d.pop("attribution", UNSET)
        attribution: FraudSettingsUpdateAttribution | Unset
        if isinstance(_attribution,  Unset):
            attribution = UNSET
        else:
            attribution = FraudSettingsUpdateAttribution(_attribution)




        review_score = d.pop("review_score", UNSET)

        reject_score = d.pop("reject_score", UNSET)

        fraud_settings_update = cls(
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

        return fraud_settings_update

