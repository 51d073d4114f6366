"""/v1/promoters: enroll, retrieve and list promoters."""

import marshmallow as ma
from flask.views import MethodView

from api.redirects import code_url, link_url
from api.request import evidence as api_evidence
from api.request import idempotency
from api.request.blueprints import secret_blueprint
from api.request.context import credentials_secrets, current_merchant, now, stripe_api_base
from api.request.schemas import (
    ListArgs,
    NoFields,
    WriteSchema,
    deleted,
    list_body,
    list_of,
    metadata_field,
    metadata_read,
)
from api.request.unit_of_work import current_unit_of_work
from api.v1.stats import StageCountsRead
from api.v1.tiers import NextTierRead, PromoterTierRead
from core import metadata
from core.db import db
from referrals.journey import stats as stats_service
from referrals.members import service as members_service
from referrals.privacy import erasure
from referrals.privacy import export as privacy
from referrals.promoters import service as referrals_service
from referrals.stripe import friend_codes
from rewards.program import tiers as tiers_service

blp = secret_blueprint(
    "promoters", __name__, url_prefix="/v1/promoters", description="Shoppers who share links."
)


class PromoterRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("promoter")
    metadata = metadata_read()
    external_id = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)
    name = ma.fields.String(allow_none=True)
    code = ma.fields.String()
    referral_url = ma.fields.Method(
        "_referral_url", metadata={"description": "the promoter's signed referral link"}
    )
    code_url = ma.fields.Method(
        "_code_url", metadata={"description": "a short link by code, to read aloud or print"}
    )
    status = ma.fields.String(metadata={"description": "active or blocked"})
    birthday = ma.fields.String(allow_none=True,
                                metadata={"description": "MM-DD, never a year; null: not given"})
    created_at = ma.fields.AwareDateTime(
        metadata={"description": "when they became a member (anniversaries count from it)"})
    erased_at = ma.fields.AwareDateTime(allow_none=True)

    def _referral_url(self, promoter) -> str:
        # Signed as of enrollment, so the promoter's link is the same every time it is shown
        # (until the signing secret rotates): a link they already shared stays "their" link.
        return link_url(
            merchant_id=promoter.merchant_id, promoter_id=promoter.id,
            signed_at=promoter.created_at,
        )

    def _code_url(self, promoter) -> str:
        return code_url(promoter.code)


class PromoterCreate(WriteSchema):
    metadata = metadata_field()
    external_id = ma.fields.String(
        validate=ma.validate.Length(min=1, max=255),
        metadata={"description": "your id for this customer; enrolling it again returns them"},
    )
    email = ma.fields.Email(validate=ma.validate.Length(max=320))
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    code = ma.fields.String(metadata={"description": "a vanity code; generated when absent"})
    # The promoter's own browser, when the shop enrols them from a request of theirs: a friend
    # signing up from it later is weighed as the promoter themself (referrals.signups.risk).
    ip, user_agent, device_id = api_evidence.fields()
    birthday = ma.fields.String(
        metadata={"description": "month and day as MM-DD (02-29 allowed), never a year: earns "
                  "under member.birthday rules; kept for a new member (PATCH changes it)"})


class PromoterUpdate(WriteSchema):
    metadata = metadata_field()
    birthday = ma.fields.String(
        allow_none=True,
        metadata={"description": "MM-DD, never a year; null forgets it"})


class PromoterListArgs(ListArgs):
    email = ma.fields.String()
    external_id = ma.fields.String()
    code = ma.fields.String()


@blp.route("")
class PromoterCollection(MethodView):
    @blp.arguments(PromoterCreate)
    @blp.response(201, PromoterRead)
    @blp.alt_response(200, schema=PromoterRead, description="already enrolled")
    def post(self, fields):
        """Enroll a promoter; idempotent on external_id."""
        seen = api_evidence.from_fields(fields)
        changes = fields.pop("metadata", None)
        promoter, created = referrals_service.join_program(
            db.session, merchant_id=current_merchant().id, now=now(), **fields
        )
        if created:
            metadata.update(promoter, changes)
        api_evidence.remember(promoter, "api", seen)
        return promoter, 201 if created else 200

    @blp.arguments(PromoterListArgs, location="query")
    @blp.response(200, list_of(PromoterRead))
    def get(self, args):
        """List promoters, newest first, filtered by email, external_id or code."""
        promoters, has_more = referrals_service.list_promoters(
            db.session, merchant_id=current_merchant().id, **args
        )
        return list_body(promoters, has_more)


class PromoterDetail(PromoterRead):
    stats = ma.fields.Nested(StageCountsRead, metadata={"description": "all-time stage counts"})
    tier = ma.fields.Nested(PromoterTierRead, attribute="tier_status.tier", allow_none=True)
    next_tier = ma.fields.Nested(
        NextTierRead, attribute="tier_status.next_tier", allow_none=True,
        metadata={"description": "the tier above, with the promoter's progress towards it"},
    )


@blp.route("/<promoter_id>")
class PromoterItem(MethodView):
    @blp.response(200, PromoterDetail)
    def get(self, promoter_id):
        """Retrieve a promoter with their clicks, shares and referrals counted."""
        promoter, counts = stats_service.promoter_with_counts(
            db.session, merchant_id=current_merchant().id, promoter_id=promoter_id
        )
        promoter.stats = counts
        promoter.tier_status = tiers_service.tier_status(
            db.session, merchant_id=promoter.merchant_id, promoter_id=promoter.id, now=now()
        )
        return promoter

    @blp.arguments(PromoterUpdate)
    @blp.response(200, PromoterRead)
    def patch(self, fields, promoter_id):
        """Change what the shop tells about the member: their birthday."""
        changes = fields.pop("metadata", None)
        if fields:
            promoter = members_service.set_birthday(
                db.session, merchant_id=current_merchant().id, promoter_id=promoter_id, **fields)
        else:
            promoter = referrals_service.get_promoter(
                db.session, merchant_id=current_merchant().id, promoter_id=promoter_id)
        metadata.update(promoter, changes)
        return promoter

    @blp.response(200, deleted(PromoterRead))
    def delete(self, promoter_id):
        """Erase the person: personal data is anonymised; ids and counts stay. Idempotent."""
        promoter = erasure.erase_promoter(
            db.session, merchant_id=current_merchant().id, promoter_id=promoter_id, now=now(),
            forget_answers=idempotency.forget_answers,
        )
        return _friend_code_followed(promoter)


class PromoterExportRead(ma.Schema):
    """Sections: promoter, links, one per table holding the promoter's rows (clicks on their
    links with the network only as a keyed hash, shares, referrals made, orders credited,
    rewards, ledger_transactions, redemptions, promoter_tiers...), ledger_entries, balances,
    referred_by, own_clicks, orders_placed, widget_sessions, widget_feedback, events."""

    class Meta:
        # The sections follow the tables, so the document says "more properties", not which.
        unknown = ma.INCLUDE

    object = ma.fields.Constant("promoter_export")
    promoter = ma.fields.Dict()
    links = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())

    @ma.post_dump(pass_original=True)
    def every_section(self, dumped, original, **kwargs):
        # The sections follow the schema's tables, so they are passed through as they are.
        return {**original, **dumped}


@blp.route("/<promoter_id>/export")
@blp.response(200, PromoterExportRead)
def export(promoter_id):
    """Everything held about one person, as one JSON document (a data subject request)."""
    document = privacy.export_promoter(db.session, merchant_id=current_merchant().id,
                                       promoter_id=promoter_id)
    promoter = document["promoter"]
    document["links"] = {
        "referral_url": link_url(merchant_id=promoter["merchant_id"], promoter_id=promoter["id"]),
        "code_url": code_url(promoter["code"]),
    }
    return document


@blp.route("/<promoter_id>/block", methods=["POST"])
@blp.arguments(NoFields, required=False)
@blp.response(200, PromoterRead)
def block(fields, promoter_id):
    """Block a promoter: their links stop attributing and new referrals are rejected."""
    return _friend_code_followed(referrals_service.set_blocked(
        db.session, merchant_id=current_merchant().id, promoter_id=promoter_id, blocked=True
    ))


@blp.route("/<promoter_id>/unblock", methods=["POST"])
@blp.arguments(NoFields, required=False)
@blp.response(200, PromoterRead)
def unblock(fields, promoter_id):
    """Let a blocked promoter earn again."""
    return _friend_code_followed(referrals_service.set_blocked(
        db.session, merchant_id=current_merchant().id, promoter_id=promoter_id, blocked=False
    ))


def _friend_code_followed(promoter):
    """After the block, unblock or erasure is committed, their Stripe friend code follows it
    (a failure is retried by `goodword retry-payouts`)."""
    friend_codes.follow_standing(
        current_unit_of_work(), merchant=current_merchant(), promoter_id=promoter.id,
        credentials_secrets=credentials_secrets(), stripe_api_base=stripe_api_base())
    return promoter


class StripePromotionCodeRead(ma.Schema):
    id = ma.fields.String(attribute="promotion_code_id",
                          metadata={"description": "the promotion code's id in Stripe"})
    object = ma.fields.Constant("stripe_promotion_code")
    promoter = ma.fields.String(attribute="promoter_id")
    coupon = ma.fields.String(metadata={"description": "the merchant's friend coupon"})
    code = ma.fields.String(metadata={"description": "what a friend types at checkout"})
    created_at = ma.fields.AwareDateTime()


@blp.route("/<promoter_id>/stripe_promotion_code", methods=["POST"])
@blp.arguments(NoFields, required=False)
@blp.response(201, StripePromotionCodeRead)
@blp.alt_response(200, schema=StripePromotionCodeRead, description="already made")
def stripe_promotion_code(fields, promoter_id):
    """Give the promoter their own Stripe promotion code (their referral code) on the
    merchant's `stripe_friend_coupon`: a friend who uses it gets the discount and the purchase
    is credited to the promoter. Made once; asking again returns the same code."""
    code, created = friend_codes.promotion_code_for(
        current_unit_of_work(), merchant=current_merchant(), promoter_id=promoter_id, now=now(),
        credentials_secrets=credentials_secrets(), stripe_api_base=stripe_api_base(),
    )
    return code, 201 if created else 200
