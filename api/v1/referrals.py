"""/v1/referrals: a friend signed up; the merchant reviews held referrals. /v1/fraud_settings."""

import marshmallow as ma
from flask.views import MethodView

from api.redirects import link_max_age
from api.request.blueprints import secret_blueprint
from api.request.context import (
    current_key,
    current_merchant,
    disposable_domains,
    ip_hash_secret,
    now,
    secret_keys,
)
from api.request.schemas import (
    ListArgs,
    WriteSchema,
    list_body,
    list_of,
    metadata_field,
    metadata_read,
)
from api.v1.expand import ExpandablePromoter, ExpandArgs, ListExpandArgs, expanding
from core import metadata
from core.db import db
from referrals.promoters import evidence
from referrals.signups import cases, fraud
from referrals.signups import service as signups_service
from referrals.signups.models import ATTRIBUTION_POLICIES, FRAUD_ACTIONS, REFERRAL_STATUSES

blp = secret_blueprint(
    "referrals", __name__, url_prefix="/v1/referrals",
    description="Friends who signed up through a promoter.",
)
settings_blp = secret_blueprint(
    "fraud_settings", __name__, url_prefix="/v1/fraud_settings",
    description="How each fraud check treats a suspicious signup.",
)


class ReasonRead(ma.Schema):
    code = ma.fields.String()
    message = ma.fields.String()


class ReferralRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("referral")
    metadata = metadata_read()
    promoter = ExpandablePromoter(attribute="promoter_id")
    click = ma.fields.String(attribute="click_id", allow_none=True)
    attributed_by = ma.fields.String(metadata={"description": "click, token or code"})
    referee_external_id = ma.fields.String()
    referee_email = ma.fields.String(allow_none=True)
    status = ma.fields.String(metadata={"description": " | ".join(REFERRAL_STATUSES)})
    reasons = ma.fields.List(ma.fields.Nested(ReasonRead))
    risk_score = ma.fields.Integer(
        allow_none=True,
        metadata={"description": "the sum of the risk signals' points; held at the merchant's "
                  "review_score, rejected at reject_score (see fraud_settings)"})
    decision_note = ma.fields.String(allow_none=True)
    decided_at = ma.fields.AwareDateTime(allow_none=True)
    created_at = ma.fields.AwareDateTime()


class ReferralCreate(WriteSchema):
    metadata = metadata_field()
    referee_external_id = ma.fields.String(
        required=True, validate=ma.validate.Length(min=1, max=255),
        metadata={"description": "your id for the friend who signed up"},
    )
    referee_email = ma.fields.Email(validate=ma.validate.Length(max=320))
    click_id = ma.fields.String(
        validate=ma.validate.Length(max=40),
        metadata={"description": "the gw_click value the shop kept from the redirect"},
    )
    token = ma.fields.String(validate=ma.validate.Length(max=512))
    code = ma.fields.String(validate=ma.validate.Length(max=32))
    ip = ma.fields.IP(metadata={"description": "the friend's IP address; stored only hashed "
                                "(with its /24 or /64)"})
    user_agent = ma.fields.String(
        validate=ma.validate.Length(max=2048),
        metadata={"description": "the friend's browser (User-Agent header), kept up to 512 "
                  "characters"})
    device_id = ma.fields.String(
        validate=ma.validate.Length(min=1, max=64),
        metadata={"description": "a first-party device id the shop keeps for the browser "
                  "(its own cookie or storage): compared with the promoter's devices"})


class ReferralListArgs(ListArgs, ListExpandArgs):
    status = ma.fields.String(validate=ma.validate.OneOf(REFERRAL_STATUSES))
    promoter = ma.fields.String()


class DecisionCreate(WriteSchema):
    note = ma.fields.String(validate=ma.validate.Length(max=2000))


class RejectionCreate(DecisionCreate):
    revoke = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "reject one approved before: the referral rewards its orders "
                  "paid are clawed back; without it only one held for review is rejected"})


class BulkDecisionCreate(WriteSchema):
    referrals = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=40)), required=True,
        validate=ma.validate.Length(min=1, max=cases.MAX_BULK),
        metadata={"description": f"ids of referrals pending review, at most {cases.MAX_BULK}"})
    note = ma.fields.String(validate=ma.validate.Length(max=2000))


class BulkDecisionRead(ma.Schema):
    object = ma.fields.Constant("bulk_decision")
    status = ma.fields.String(metadata={"description": "approved | rejected"})
    decided_count = ma.fields.Function(lambda result: len(result["decided"]))
    unchanged_count = ma.fields.Function(
        lambda result: len(result["unchanged"]),
        metadata={"description": "already in this status (a repeated request): left as they are"})
    referrals = ma.fields.Function(
        lambda result: ReferralRead(many=True).dump(result["decided"] + result["unchanged"]))


class FraudSettingsRead(ma.Schema):
    object = ma.fields.Constant("fraud_settings")
    self_referral = ma.fields.String()
    duplicate_email = ma.fields.String()
    reused_click = ma.fields.String()
    disposable_email = ma.fields.String()
    velocity = ma.fields.String()
    max_signups_per_ip_per_day = ma.fields.Integer()
    max_signups_per_promoter_per_day = ma.fields.Integer()
    attribution = ma.fields.String(metadata={"description": " | ".join(ATTRIBUTION_POLICIES)})
    review_score = ma.fields.Integer()
    reject_score = ma.fields.Integer()


def _action():
    return ma.fields.String(validate=ma.validate.OneOf(FRAUD_ACTIONS))


def _limit():
    return ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=100_000))


class FraudSettingsUpdate(WriteSchema):
    self_referral = _action()
    duplicate_email = _action()
    reused_click = _action()
    disposable_email = _action()
    velocity = _action()
    max_signups_per_ip_per_day = _limit()
    max_signups_per_promoter_per_day = _limit()
    attribution = ma.fields.String(
        validate=ma.validate.OneOf(ATTRIBUTION_POLICIES),
        metadata={"description": "first_click (default): a typed code, then the first valid "
                  "click in the window; last_click: the latest click, then token, then code"})
    review_score = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=1, max=1000),
        metadata={"description": "risk score from which a signup is held for review (40)"})
    reject_score = ma.fields.Integer(
        strict=True, validate=ma.validate.Range(min=1, max=1000),
        metadata={"description": "risk score from which a signup is rejected (80)"})


@blp.route("")
class ReferralCollection(MethodView):
    @blp.arguments(ReferralCreate)
    @blp.response(201, ReferralRead)
    def post(self, fields):
        """Record a friend's signup, credited to the promoter its click, token or code names."""
        ip = fields.pop("ip", None)
        seen = evidence.sighting(ip=str(ip) if ip else None, secret=ip_hash_secret(),
                                 user_agent=fields.pop("user_agent", None),
                                 device_id=fields.pop("device_id", None))
        changes = fields.pop("metadata", None)
        referral = signups_service.create_referral(
            db.session,
            merchant=current_merchant(),
            now=now(),
            secret_keys=secret_keys(),
            disposable_domains=disposable_domains(),
            ip_hash=seen.ip_hash,
            link_max_age=link_max_age(),
            seen=seen,
            **fields,
        )
        metadata.update(referral, changes)
        return referral

    @blp.arguments(ReferralListArgs, location="query")
    @blp.response(200, list_of(ReferralRead))
    def get(self, args):
        """List referrals, newest first; filter by status (the review queue) or promoter."""
        expanding(args)
        referrals, has_more = signups_service.list_referrals(
            db.session, merchant_id=current_merchant().id, **args
        )
        return list_body(referrals, has_more)


@blp.route("/<referral_id:referral_id>")
class ReferralItem(MethodView):
    @blp.arguments(ExpandArgs, location="query")
    @blp.response(200, ReferralRead)
    def get(self, args, referral_id):
        """Retrieve a referral with its status and reasons."""
        expanding(args)
        return signups_service.get_referral(
            db.session, merchant_id=current_merchant().id, referral_id=referral_id
        )


def _decide(referral_id: str, fields: dict, *, approve: bool):
    return signups_service.decide(
        db.session, merchant_id=current_merchant().id, referral_id=referral_id,
        approve=approve, decided_by=current_key().id, now=now(), note=fields.get("note"),
        revoke=fields.get("revoke", False),
    )


@blp.route("/<referral_id:referral_id>/approve", methods=["POST"])
@blp.arguments(DecisionCreate, required=False)
@blp.response(200, ReferralRead)
def approve(fields, referral_id):
    """Approve a referral held for review."""
    return _decide(referral_id, fields, approve=True)


@blp.route("/<referral_id:referral_id>/reject", methods=["POST"])
@blp.arguments(RejectionCreate, required=False)
@blp.response(200, ReferralRead)
def reject(fields, referral_id):
    """Reject a referral held for review, or (revoke) one approved before: the referral
    rewards of its orders are clawed back."""
    return _decide(referral_id, fields, approve=False)


def decide_many(referral_ids: list[str], fields: dict, *, approve: bool) -> dict:
    """Decide several held referrals in one transaction (referrals.signups.cases)."""
    result = cases.decide_many(
        db.session, merchant_id=current_merchant().id, referral_ids=referral_ids,
        approve=approve, decided_by=current_key().id, now=now(), note=fields.get("note"))
    return {"status": "approved" if approve else "rejected", "decided": result.decided,
            "unchanged": result.unchanged}


@blp.route("/bulk_approve", methods=["POST"])
@blp.arguments(BulkDecisionCreate)
@blp.response(200, BulkDecisionRead)
def bulk_approve(fields):
    """Approve the named referrals held for review: all or none, in one transaction."""
    return decide_many(fields["referrals"], fields, approve=True)


@blp.route("/bulk_reject", methods=["POST"])
@blp.arguments(BulkDecisionCreate)
@blp.response(200, BulkDecisionRead)
def bulk_reject(fields):
    """Reject the named referrals held for review: all or none, in one transaction."""
    return decide_many(fields["referrals"], fields, approve=False)


@settings_blp.route("")
class FraudSettingsResource(MethodView):
    @settings_blp.response(200, FraudSettingsRead)
    def get(self):
        """The fraud checks' settings (defaults until changed)."""
        return fraud.settings_for(db.session, merchant_id=current_merchant().id)

    @settings_blp.arguments(FraudSettingsUpdate)
    @settings_blp.response(200, FraudSettingsRead)
    def patch(self, changes):
        """Change how each check treats a suspicious signup: off, review or reject."""
        return fraud.update_settings(
            db.session, merchant_id=current_merchant().id, changes=changes
        )
