from enum import StrEnum

class WebhookEndpointUpdateEnabledEventsItem(StrEnum):
    CLICK_INVALID = "click.invalid"
    FEEDBACK_RECEIVED = "feedback.received"
    PROMOTER_CREATED = "promoter.created"
    REDEMPTION_FAILED = "redemption.failed"
    REDEMPTION_ISSUED = "redemption.issued"
    REFERRAL_APPROVED = "referral.approved"
    REFERRAL_CREATED = "referral.created"
    REFERRAL_REJECTED = "referral.rejected"
    REFERRAL_REVIEW_REMINDER = "referral.review_reminder"
    REWARD_AVAILABLE = "reward.available"
    REWARD_CLAWED_BACK = "reward.clawed_back"
    REWARD_EARNED = "reward.earned"
    REWARD_EXPIRED = "reward.expired"
    SHARE_CREATED = "share.created"
    TIER_CHANGED = "tier.changed"
    VALUE_0 = "*"
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint.disabled"

    def __str__(self) -> str:
        return str(self.value)
