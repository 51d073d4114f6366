""" Contains all the data models used in inputs/outputs """

from .activity_create import ActivityCreate
from .activity_read import ActivityRead
from .activity_read_object import ActivityReadObject
from .amount_read import AmountRead
from .api_key_list import ApiKeyList
from .api_key_list_object import ApiKeyListObject
from .api_key_read import ApiKeyRead
from .api_key_read_object import ApiKeyReadObject
from .attempt_read import AttemptRead
from .balance_read import BalanceRead
from .bulk_decision_create import BulkDecisionCreate
from .bulk_decision_read import BulkDecisionRead
from .bulk_decision_read_object import BulkDecisionReadObject
from .case_decision_create import CaseDecisionCreate
from .catalog_reward_create import CatalogRewardCreate
from .catalog_reward_create_kind import CatalogRewardCreateKind
from .catalog_reward_list import CatalogRewardList
from .catalog_reward_list_object import CatalogRewardListObject
from .catalog_reward_read import CatalogRewardRead
from .catalog_reward_read_object import CatalogRewardReadObject
from .catalog_reward_update import CatalogRewardUpdate
from .codes_upload import CodesUpload
from .codes_uploaded import CodesUploaded
from .codes_uploaded_object import CodesUploadedObject
from .condition_fields import ConditionFields
from .condition_fields_recurring_type_1_type_0 import ConditionFieldsRecurringType1Type0
from .conditions_read import ConditionsRead
from .conditions_read_recurring_type_0 import ConditionsReadRecurringType0
from .customer_create import CustomerCreate
from .decision_create import DecisionCreate
from .deleted_exchange_rate_read import DeletedExchangeRateRead
from .deleted_exchange_rate_read_object import DeletedExchangeRateReadObject
from .deleted_promoter_read import DeletedPromoterRead
from .deleted_promoter_read_metadata import DeletedPromoterReadMetadata
from .deleted_promoter_read_object import DeletedPromoterReadObject
from .deleted_tier_read import DeletedTierRead
from .deleted_tier_read_object import DeletedTierReadObject
from .deleted_webhook_endpoint_read import DeletedWebhookEndpointRead
from .deleted_webhook_endpoint_read_metadata import DeletedWebhookEndpointReadMetadata
from .deleted_webhook_endpoint_read_object import DeletedWebhookEndpointReadObject
from .delivery_list import DeliveryList
from .delivery_list_object import DeliveryListObject
from .delivery_read import DeliveryRead
from .delivery_read_object import DeliveryReadObject
from .dry_run_create import DryRunCreate
from .dry_run_create_trigger import DryRunCreateTrigger
from .enrollment_create import EnrollmentCreate
from .enrollment_read import EnrollmentRead
from .enrollment_read_object import EnrollmentReadObject
from .entry_read import EntryRead
from .error_body import ErrorBody
from .error_response import ErrorResponse
from .event_list import EventList
from .event_list_object import EventListObject
from .event_read import EventRead
from .event_read_data import EventReadData
from .event_read_object import EventReadObject
from .exchange_rate_list import ExchangeRateList
from .exchange_rate_list_object import ExchangeRateListObject
from .exchange_rate_read import ExchangeRateRead
from .exchange_rate_read_object import ExchangeRateReadObject
from .exchange_rate_set import ExchangeRateSet
from .feedback_create import FeedbackCreate
from .feedback_list import FeedbackList
from .feedback_list_object import FeedbackListObject
from .feedback_read import FeedbackRead
from .feedback_read_object import FeedbackReadObject
from .fraud_settings_read import FraudSettingsRead
from .fraud_settings_read_object import FraudSettingsReadObject
from .fraud_settings_update import FraudSettingsUpdate
from .fraud_settings_update_attribution import FraudSettingsUpdateAttribution
from .fraud_settings_update_disposable_email import FraudSettingsUpdateDisposableEmail
from .fraud_settings_update_duplicate_email import FraudSettingsUpdateDuplicateEmail
from .fraud_settings_update_reused_click import FraudSettingsUpdateReusedClick
from .fraud_settings_update_self_referral import FraudSettingsUpdateSelfReferral
from .fraud_settings_update_velocity import FraudSettingsUpdateVelocity
from .get_events_type import GetEventsType
from .get_orders_expand_item import GetOrdersExpandItem
from .get_orders_order_expand_item import GetOrdersOrderExpandItem
from .get_orders_risk_status import GetOrdersRiskStatus
from .get_referrals_expand_item import GetReferralsExpandItem
from .get_referrals_referral_expand_item import GetReferralsReferralExpandItem
from .get_referrals_status import GetReferralsStatus
from .get_rules_trigger import GetRulesTrigger
from .journey_read import JourneyRead
from .journey_read_object import JourneyReadObject
from .journey_read_referrals_by_status import JourneyReadReferralsByStatus
from .journey_read_shares_by_channel import JourneyReadSharesByChannel
from .ledger_transaction_list import LedgerTransactionList
from .ledger_transaction_list_object import LedgerTransactionListObject
from .ledger_transaction_read import LedgerTransactionRead
from .ledger_transaction_read_object import LedgerTransactionReadObject
from .limit_fields import LimitFields
from .limits_read import LimitsRead
from .loyalty_read import LoyaltyRead
from .loyalty_read_active_members import LoyaltyReadActiveMembers
from .loyalty_read_object import LoyaltyReadObject
from .loyalty_read_points_liability import LoyaltyReadPointsLiability
from .loyalty_read_repeat_purchase_rate import LoyaltyReadRepeatPurchaseRate
from .loyalty_read_repeat_purchase_rate_members import LoyaltyReadRepeatPurchaseRateMembers
from .loyalty_read_repeat_purchase_rate_non_members import LoyaltyReadRepeatPurchaseRateNonMembers
from .merchant_read import MerchantRead
from .merchant_read_object import MerchantReadObject
from .merchant_update import MerchantUpdate
from .merchant_update_stripe_payout import MerchantUpdateStripePayout
from .next_tier_read import NextTierRead
from .no_fields import NoFields
from .offer_read import OfferRead
from .order_create import OrderCreate
from .order_create_metadata import OrderCreateMetadata
from .order_detail_list import OrderDetailList
from .order_detail_list_object import OrderDetailListObject
from .order_detail_read import OrderDetailRead
from .order_detail_read_metadata import OrderDetailReadMetadata
from .order_detail_read_object import OrderDetailReadObject
from .order_read import OrderRead
from .order_read_metadata import OrderReadMetadata
from .order_read_object import OrderReadObject
from .order_reward_read import OrderRewardRead
from .order_reward_read_object import OrderRewardReadObject
from .portal_session_create import PortalSessionCreate
from .portal_session_read import PortalSessionRead
from .portal_session_read_object import PortalSessionReadObject
from .promoter_balance_read import PromoterBalanceRead
from .promoter_balance_read_object import PromoterBalanceReadObject
from .promoter_create import PromoterCreate
from .promoter_create_metadata import PromoterCreateMetadata
from .promoter_detail import PromoterDetail
from .promoter_detail_metadata import PromoterDetailMetadata
from .promoter_detail_next_tier_type_1_type_0 import PromoterDetailNextTierType1Type0
from .promoter_detail_object import PromoterDetailObject
from .promoter_detail_tier_type_0_type_0 import PromoterDetailTierType0Type0
from .promoter_export_read import PromoterExportRead
from .promoter_export_read_links import PromoterExportReadLinks
from .promoter_export_read_object import PromoterExportReadObject
from .promoter_export_read_promoter import PromoterExportReadPromoter
from .promoter_link_read import PromoterLinkRead
from .promoter_list import PromoterList
from .promoter_list_object import PromoterListObject
from .promoter_read import PromoterRead
from .promoter_read_metadata import PromoterReadMetadata
from .promoter_read_object import PromoterReadObject
from .promoter_tier_read import PromoterTierRead
from .promoter_update import PromoterUpdate
from .promoter_update_metadata import PromoterUpdateMetadata
from .reason_count_read import ReasonCountRead
from .reason_read import ReasonRead
from .recurring_fields import RecurringFields
from .recurring_fields_mode import RecurringFieldsMode
from .redeliver_args import RedeliverArgs
from .redemption_create import RedemptionCreate
from .redemption_create_metadata import RedemptionCreateMetadata
from .redemption_create_reward_kind import RedemptionCreateRewardKind
from .redemption_read import RedemptionRead
from .redemption_read_metadata import RedemptionReadMetadata
from .redemption_read_object import RedemptionReadObject
from .referral_create import ReferralCreate
from .referral_create_metadata import ReferralCreateMetadata
from .referral_list import ReferralList
from .referral_list_object import ReferralListObject
from .referral_read import ReferralRead
from .referral_read_metadata import ReferralReadMetadata
from .referral_read_object import ReferralReadObject
from .refund_create import RefundCreate
from .refund_read import RefundRead
from .refund_read_object import RefundReadObject
from .rejection_create import RejectionCreate
from .return_on_rewards_read import ReturnOnRewardsRead
from .review_case_list import ReviewCaseList
from .review_case_list_object import ReviewCaseListObject
from .review_case_read import ReviewCaseRead
from .review_case_read_object import ReviewCaseReadObject
from .reward_fields import RewardFields
from .reward_fields_type import RewardFieldsType
from .reward_read import RewardRead
from .rotate_secret import RotateSecret
from .rule_create import RuleCreate
from .rule_create_beneficiary import RuleCreateBeneficiary
from .rule_create_metadata import RuleCreateMetadata
from .rule_create_trigger import RuleCreateTrigger
from .rule_list import RuleList
from .rule_list_object import RuleListObject
from .rule_read import RuleRead
from .rule_read_metadata import RuleReadMetadata
from .rule_read_object import RuleReadObject
from .rule_update import RuleUpdate
from .rule_update_beneficiary import RuleUpdateBeneficiary
from .rule_update_metadata import RuleUpdateMetadata
from .share_create import ShareCreate
from .share_create_channel import ShareCreateChannel
from .share_read import ShareRead
from .share_read_object import ShareReadObject
from .shared_read import SharedRead
from .stage_counts_read import StageCountsRead
from .stage_counts_read_referrals_by_status import StageCountsReadReferralsByStatus
from .stage_counts_read_shares_by_channel import StageCountsReadSharesByChannel
from .stage_read import StageRead
from .storefront_read import StorefrontRead
from .storefront_read_click_param import StorefrontReadClickParam
from .storefront_read_object import StorefrontReadObject
from .stripe_promotion_code_read import StripePromotionCodeRead
from .stripe_promotion_code_read_object import StripePromotionCodeReadObject
from .tier_create import TierCreate
from .tier_create_metric import TierCreateMetric
from .tier_list import TierList
from .tier_list_object import TierListObject
from .tier_read import TierRead
from .tier_read_object import TierReadObject
from .tier_update import TierUpdate
from .tier_update_metric import TierUpdateMetric
from .trial_balance_read import TrialBalanceRead
from .trial_balance_read_object import TrialBalanceReadObject
from .trial_balance_unit_read import TrialBalanceUnitRead
from .trial_balance_unit_read_by_kind import TrialBalanceUnitReadByKind
from .verdict_list import VerdictList
from .verdict_list_object import VerdictListObject
from .verdict_read import VerdictRead
from .verdict_read_object import VerdictReadObject
from .virality_read import ViralityRead
from .webhook_endpoint_create import WebhookEndpointCreate
from .webhook_endpoint_create_enabled_events_item import WebhookEndpointCreateEnabledEventsItem
from .webhook_endpoint_create_metadata import WebhookEndpointCreateMetadata
from .webhook_endpoint_created import WebhookEndpointCreated
from .webhook_endpoint_created_metadata import WebhookEndpointCreatedMetadata
from .webhook_endpoint_created_object import WebhookEndpointCreatedObject
from .webhook_endpoint_list import WebhookEndpointList
from .webhook_endpoint_list_object import WebhookEndpointListObject
from .webhook_endpoint_read import WebhookEndpointRead
from .webhook_endpoint_read_metadata import WebhookEndpointReadMetadata
from .webhook_endpoint_read_object import WebhookEndpointReadObject
from .webhook_endpoint_update import WebhookEndpointUpdate
from .webhook_endpoint_update_enabled_events_item import WebhookEndpointUpdateEnabledEventsItem
from .webhook_endpoint_update_metadata import WebhookEndpointUpdateMetadata
from .welcome_read import WelcomeRead
from .welcome_read_object import WelcomeReadObject
from .widget_read import WidgetRead
from .widget_read_object import WidgetReadObject
from .widget_read_promoter_type_0_type_0 import WidgetReadPromoterType0Type0
from .widget_session_create import WidgetSessionCreate
from .widget_session_read import WidgetSessionRead
from .widget_session_read_object import WidgetSessionReadObject
from .widget_settings_read import WidgetSettingsRead
from .widget_settings_read_object import WidgetSettingsReadObject
from .widget_settings_update import WidgetSettingsUpdate

__all__ = (
    "ActivityCreate",
    "ActivityRead",
    "ActivityReadObject",
    "AmountRead",
    "ApiKeyList",
    "ApiKeyListObject",
    "ApiKeyRead",
    "ApiKeyReadObject",
    "AttemptRead",
    "BalanceRead",
    "BulkDecisionCreate",
    "BulkDecisionRead",
    "BulkDecisionReadObject",
    "CaseDecisionCreate",
    "CatalogRewardCreate",
    "CatalogRewardCreateKind",
    "CatalogRewardList",
    "CatalogRewardListObject",
    "CatalogRewardRead",
    "CatalogRewardReadObject",
    "CatalogRewardUpdate",
    "CodesUpload",
    "CodesUploaded",
    "CodesUploadedObject",
    "ConditionFields",
    "ConditionFieldsRecurringType1Type0",
    "ConditionsRead",
    "ConditionsReadRecurringType0",
    "CustomerCreate",
    "DecisionCreate",
    "DeletedExchangeRateRead",
    "DeletedExchangeRateReadObject",
    "DeletedPromoterRead",
    "DeletedPromoterReadMetadata",
    "DeletedPromoterReadObject",
    "DeletedTierRead",
    "DeletedTierReadObject",
    "DeletedWebhookEndpointRead",
    "DeletedWebhookEndpointReadMetadata",
    "DeletedWebhookEndpointReadObject",
    "DeliveryList",
    "DeliveryListObject",
    "DeliveryRead",
    "DeliveryReadObject",
    "DryRunCreate",
    "DryRunCreateTrigger",
    "EnrollmentCreate",
    "EnrollmentRead",
    "EnrollmentReadObject",
    "EntryRead",
    "ErrorBody",
    "ErrorResponse",
    "EventList",
    "EventListObject",
    "EventRead",
    "EventReadData",
    "EventReadObject",
    "ExchangeRateList",
    "ExchangeRateListObject",
    "ExchangeRateRead",
    "ExchangeRateReadObject",
    "ExchangeRateSet",
    "FeedbackCreate",
    "FeedbackList",
    "FeedbackListObject",
    "FeedbackRead",
    "FeedbackReadObject",
    "FraudSettingsRead",
    "FraudSettingsReadObject",
    "FraudSettingsUpdate",
    "FraudSettingsUpdateAttribution",
    "FraudSettingsUpdateDisposableEmail",
    "FraudSettingsUpdateDuplicateEmail",
    "FraudSettingsUpdateReusedClick",
    "FraudSettingsUpdateSelfReferral",
    "FraudSettingsUpdateVelocity",
    "GetEventsType",
    "GetOrdersExpandItem",
    "GetOrdersOrderExpandItem",
    "GetOrdersRiskStatus",
    "GetReferralsExpandItem",
    "GetReferralsReferralExpandItem",
    "GetReferralsStatus",
    "GetRulesTrigger",
    "JourneyRead",
    "JourneyReadObject",
    "JourneyReadReferralsByStatus",
    "JourneyReadSharesByChannel",
    "LedgerTransactionList",
    "LedgerTransactionListObject",
    "LedgerTransactionRead",
    "LedgerTransactionReadObject",
    "LimitFields",
    "LimitsRead",
    "LoyaltyRead",
    "LoyaltyReadActiveMembers",
    "LoyaltyReadObject",
    "LoyaltyReadPointsLiability",
    "LoyaltyReadRepeatPurchaseRate",
    "LoyaltyReadRepeatPurchaseRateMembers",
    "LoyaltyReadRepeatPurchaseRateNonMembers",
    "MerchantRead",
    "MerchantReadObject",
    "MerchantUpdate",
    "MerchantUpdateStripePayout",
    "NextTierRead",
    "NoFields",
    "OfferRead",
    "OrderCreate",
    "OrderCreateMetadata",
    "OrderDetailList",
    "OrderDetailListObject",
    "OrderDetailRead",
    "OrderDetailReadMetadata",
    "OrderDetailReadObject",
    "OrderRead",
    "OrderReadMetadata",
    "OrderReadObject",
    "OrderRewardRead",
    "OrderRewardReadObject",
    "PortalSessionCreate",
    "PortalSessionRead",
    "PortalSessionReadObject",
    "PromoterBalanceRead",
    "PromoterBalanceReadObject",
    "PromoterCreate",
    "PromoterCreateMetadata",
    "PromoterDetail",
    "PromoterDetailMetadata",
    "PromoterDetailNextTierType1Type0",
    "PromoterDetailObject",
    "PromoterDetailTierType0Type0",
    "PromoterExportRead",
    "PromoterExportReadLinks",
    "PromoterExportReadObject",
    "PromoterExportReadPromoter",
    "PromoterLinkRead",
    "PromoterList",
    "PromoterListObject",
    "PromoterRead",
    "PromoterReadMetadata",
    "PromoterReadObject",
    "PromoterTierRead",
    "PromoterUpdate",
    "PromoterUpdateMetadata",
    "ReasonCountRead",
    "ReasonRead",
    "RecurringFields",
    "RecurringFieldsMode",
    "RedeliverArgs",
    "RedemptionCreate",
    "RedemptionCreateMetadata",
    "RedemptionCreateRewardKind",
    "RedemptionRead",
    "RedemptionReadMetadata",
    "RedemptionReadObject",
    "ReferralCreate",
    "ReferralCreateMetadata",
    "ReferralList",
    "ReferralListObject",
    "ReferralRead",
    "ReferralReadMetadata",
    "ReferralReadObject",
    "RefundCreate",
    "RefundRead",
    "RefundReadObject",
    "RejectionCreate",
    "ReturnOnRewardsRead",
    "ReviewCaseList",
    "ReviewCaseListObject",
    "ReviewCaseRead",
    "ReviewCaseReadObject",
    "RewardFields",
    "RewardFieldsType",
    "RewardRead",
    "RotateSecret",
    "RuleCreate",
    "RuleCreateBeneficiary",
    "RuleCreateMetadata",
    "RuleCreateTrigger",
    "RuleList",
    "RuleListObject",
    "RuleRead",
    "RuleReadMetadata",
    "RuleReadObject",
    "RuleUpdate",
    "RuleUpdateBeneficiary",
    "RuleUpdateMetadata",
    "ShareCreate",
    "ShareCreateChannel",
    "SharedRead",
    "ShareRead",
    "ShareReadObject",
    "StageCountsRead",
    "StageCountsReadReferralsByStatus",
    "StageCountsReadSharesByChannel",
    "StageRead",
    "StorefrontRead",
    "StorefrontReadClickParam",
    "StorefrontReadObject",
    "StripePromotionCodeRead",
    "StripePromotionCodeReadObject",
    "TierCreate",
    "TierCreateMetric",
    "TierList",
    "TierListObject",
    "TierRead",
    "TierReadObject",
    "TierUpdate",
    "TierUpdateMetric",
    "TrialBalanceRead",
    "TrialBalanceReadObject",
    "TrialBalanceUnitRead",
    "TrialBalanceUnitReadByKind",
    "VerdictList",
    "VerdictListObject",
    "VerdictRead",
    "VerdictReadObject",
    "ViralityRead",
    "WebhookEndpointCreate",
    "WebhookEndpointCreated",
    "WebhookEndpointCreatedMetadata",
    "WebhookEndpointCreatedObject",
    "WebhookEndpointCreateEnabledEventsItem",
    "WebhookEndpointCreateMetadata",
    "WebhookEndpointList",
    "WebhookEndpointListObject",
    "WebhookEndpointRead",
    "WebhookEndpointReadMetadata",
    "WebhookEndpointReadObject",
    "WebhookEndpointUpdate",
    "WebhookEndpointUpdateEnabledEventsItem",
    "WebhookEndpointUpdateMetadata",
    "WelcomeRead",
    "WelcomeReadObject",
    "WidgetRead",
    "WidgetReadObject",
    "WidgetReadPromoterType0Type0",
    "WidgetSessionCreate",
    "WidgetSessionRead",
    "WidgetSessionReadObject",
    "WidgetSettingsRead",
    "WidgetSettingsReadObject",
    "WidgetSettingsUpdate",
)
