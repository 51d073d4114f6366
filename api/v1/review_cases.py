"""/v1/review_cases: the review queue as cases, so a farm is one decision (the bulk decisions on
named referrals are /v1/referrals/bulk_approve and bulk_reject)."""

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant
from api.request.schemas import ListArgs, WriteSchema
from api.v1.referrals import BulkDecisionRead, ReferralRead, decide_many
from core.db import db
from referrals.signups import cases

blp = secret_blueprint(
    "review_cases", __name__, url_prefix="/v1/review_cases",
    description="Held referrals of one promoter that share evidence, decided together.",
)


class SharedRead(ma.Schema):
    what = ma.fields.Function(lambda shared: shared[0], metadata={
        "description": "network | address | device | browser | domain | pattern"})
    value = ma.fields.Function(lambda shared: shared[1] or None, allow_none=True, metadata={
        "description": "the shared browser, domain or pattern; none for hashed evidence"})
    count = ma.fields.Function(lambda shared: shared[2])


class ReasonCountRead(ma.Schema):
    code = ma.fields.Function(lambda reason: reason[0])
    count = ma.fields.Function(lambda reason: reason[1])
    message = ma.fields.Function(lambda reason: reason[2], metadata={
        "description": "the sentence of the latest referral with it"})


class ReviewCaseRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("review_case")
    promoter = ma.fields.String(attribute="promoter_id")
    referral_count = ma.fields.Integer(attribute="size")
    evidence = ma.fields.List(ma.fields.String(), metadata={
        "description": "what the case's referrals share, as sentences"})
    shared = ma.fields.List(ma.fields.Nested(SharedRead))
    reasons = ma.fields.List(ma.fields.Nested(ReasonCountRead))
    first_at = ma.fields.AwareDateTime()
    last_at = ma.fields.AwareDateTime()
    referrals = ma.fields.List(ma.fields.Nested(ReferralRead))


class ReviewCaseList(ma.Schema):
    object = ma.fields.Constant("list")
    data = ma.fields.List(ma.fields.Nested(ReviewCaseRead))
    has_more = ma.fields.Boolean()
    total_count = ma.fields.Integer(metadata={"description": "cases in the whole queue"})
    total_referrals = ma.fields.Integer(
        metadata={"description": "referrals pending review in the whole queue"})


class CaseDecisionCreate(WriteSchema):
    note = ma.fields.String(validate=ma.validate.Length(max=2000))


@blp.route("")
class ReviewCaseCollection(MethodView):
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, ReviewCaseList)
    def get(self, args):
        """The review queue as cases, the largest first, then the oldest; with total counts."""
        queue = cases.review_queue(db.session, merchant_id=current_merchant().id)
        page, has_more = cases.page_of(queue, **args)
        return {"data": cases.load(db.session, page), "has_more": has_more,
                "total_count": queue.total_cases, "total_referrals": queue.total_referrals}


@blp.route("/<case_id>")
class ReviewCaseItem(MethodView):
    @blp.response(200, ReviewCaseRead)
    def get(self, case_id):
        """One case with its referrals, evidence and reasons."""
        return cases.get_case(db.session, merchant_id=current_merchant().id, case_id=case_id)


def _decide_case(case_id: str, fields: dict, *, approve: bool) -> dict:
    merchant_id = current_merchant().id
    case = cases.get_case(db.session, merchant_id=merchant_id, case_id=case_id)
    return decide_many([member.id for member in case.members], fields, approve=approve)


@blp.route("/<case_id>/approve", methods=["POST"])
@blp.arguments(CaseDecisionCreate)
@blp.response(200, BulkDecisionRead)
def approve_case(fields, case_id):
    """Approve every referral of the case, in one transaction."""
    return _decide_case(case_id, fields, approve=True)


@blp.route("/<case_id>/reject", methods=["POST"])
@blp.arguments(CaseDecisionCreate)
@blp.response(200, BulkDecisionRead)
def reject_case(fields, case_id):
    """Reject every referral of the case, in one transaction."""
    return _decide_case(case_id, fields, approve=False)
