from enum import StrEnum

class GetRulesTrigger(StrEnum):
    ACTIVITY_RECORDED = "activity.recorded"
    MEMBER_ANNIVERSARY = "member.anniversary"
    MEMBER_BIRTHDAY = "member.birthday"
    MEMBER_JOINED = "member.joined"
    ORDER_MILESTONE = "order.milestone"
    ORDER_PAID = "order.paid"
    PROMOTER_ENROLLED = "promoter.enrolled"
    REFERRAL_APPROVED = "referral.approved"
    SHARE_CREATED = "share.created"

    def __str__(self) -> str:
        return str(self.value)
