"""The books, read-only: a promoter's balance and history, and the merchant's trial balance."""

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant
from api.request.schemas import ListArgs, list_body, list_of
from core.db import db
from referrals.promoters import service as promoters_service
from rewards.ledger import statements

blp = secret_blueprint(
    "ledger", __name__, url_prefix="/v1", description="Balances and ledger transactions."
)


class BalanceRead(ma.Schema):
    unit = ma.fields.String(metadata={"description": "points, or a currency for store credit"})
    pending = ma.fields.Integer(metadata={"description": "earned, still in its hold period"})
    available = ma.fields.Integer()
    held = ma.fields.Integer(metadata={"description": "set aside for redemptions in flight"})
    debt = ma.fields.Integer(metadata={"description": "owed from refunds; repaid first"})
    lifetime_earned = ma.fields.Integer()


class PromoterBalanceRead(ma.Schema):
    object = ma.fields.Constant("balance")
    promoter = ma.fields.String()
    balances = ma.fields.List(ma.fields.Nested(BalanceRead))


class EntryRead(ma.Schema):
    owner = ma.fields.String(metadata={"description": "the promoter id, or merchant"})
    account = ma.fields.String(metadata={"description": "pending, available, held, debt, "
                                         "issued, redeemed, expired or clawed_back"})
    amount = ma.fields.Integer()


class LedgerTransactionRead(ma.Schema):
    id = ma.fields.String()
    object = ma.fields.Constant("ledger_transaction")
    kind = ma.fields.String()
    unit = ma.fields.String()
    description = ma.fields.String()
    cause_type = ma.fields.String()
    cause_id = ma.fields.String()
    rule_id = ma.fields.String(allow_none=True)
    rule_version = ma.fields.Integer(allow_none=True)
    reward_id = ma.fields.String(allow_none=True)
    entries = ma.fields.List(ma.fields.Nested(EntryRead))
    created_at = ma.fields.AwareDateTime()


class TrialBalanceUnitRead(ma.Schema):
    unit = ma.fields.String()
    by_kind = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    accounts_total = ma.fields.Integer(metadata={"description": "zero when the books balance"})
    entries_total = ma.fields.Integer(metadata={"description": "zero when the books balance"})
    accounts_match_entries = ma.fields.Boolean()


class TrialBalanceRead(ma.Schema):
    object = ma.fields.Constant("trial_balance")
    balanced = ma.fields.Boolean()
    lots_match_accounts = ma.fields.Boolean(
        metadata={"description": "reward lots agree with the pending and available accounts"}
    )
    units = ma.fields.List(ma.fields.Nested(TrialBalanceUnitRead))


@blp.route("/promoters/<promoter_id>/balance")
class PromoterBalance(MethodView):
    @blp.response(200, PromoterBalanceRead)
    def get(self, promoter_id):
        """Pending, available, held, debt and lifetime earned, per unit."""
        promoter = promoters_service.get_promoter(
            db.session, merchant_id=current_merchant().id, promoter_id=promoter_id
        )
        return {
            "promoter": promoter.id,
            "balances": statements.balances(
                db.session, merchant_id=promoter.merchant_id, promoter_id=promoter.id
            ),
        }


@blp.route("/promoters/<promoter_id>/ledger_transactions")
class PromoterLedger(MethodView):
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, list_of(LedgerTransactionRead))
    def get(self, args, promoter_id):
        """The promoter's ledger transactions, newest first, each with its entries."""
        promoter = promoters_service.get_promoter(
            db.session, merchant_id=current_merchant().id, promoter_id=promoter_id
        )
        found, has_more = statements.history(
            db.session, merchant_id=promoter.merchant_id, promoter_id=promoter.id, **args
        )
        return list_body(found, has_more)


@blp.route("/ledger/trial_balance")
class TrialBalance(MethodView):
    @blp.response(200, TrialBalanceRead)
    def get(self):
        """Every account of the program, per unit: the books balance when each total is zero."""
        return statements.report(db.session, merchant_id=current_merchant().id)
