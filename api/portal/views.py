"""The promoter portal: POST /v1/promoters/{id}/portal_sessions mints a signed link valid for an
hour; /portal/<token> shows that promoter their link, balance, tier, history and a redeem button.

The token in the URL is the credential: the portal keeps no cookie. It also stands in for a CSRF
token, since another site cannot know it to build the redeem form.

A member may also choose a reward from the merchant's catalog, for its points cost. Redeeming
points pays the way the merchant pays: through Stripe (a one-time promotion code, or credit on
the promoter's Stripe customer balance, per the merchant's stripe_payout) once the merchant has
connected Stripe, store credit otherwise. The same service as POST /v1/redemptions does it.
"""

import secrets

import marshmallow as ma
from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.views import MethodView

from api.portal import words
from api.portal.names import initials
from api.redirects import VISITOR_COOKIE, code_url, set_visitor_cookie
from api.request import evidence as api_evidence
from api.request.blueprints import secret_blueprint
from api.request.context import (
    credentials_secrets,
    current_merchant,
    now,
    secret_keys,
    stripe_api_base,
)
from api.request.idempotency import claim_form
from api.request.schemas import WriteSchema
from api.request.unit_of_work import current_unit_of_work
from core.currencies import format_money
from core.db import db
from core.errors import GoodwordError
from core.merchants import service as merchants_service
from referrals.clicks import service as clicks_service
from referrals.promoters import history as promoter_history
from referrals.promoters import portal_links as portal_sessions
from referrals.promoters import service as promoters_service
from referrals.signups import service as signups_service
from referrals.stripe import payouts
from rewards.catalog import service as catalog_service
from rewards.earning import standing
from rewards.ledger import statements
from rewards.program import tiers as tiers_service
from rewards.redemptions import service as redemptions_service

sessions_blp = secret_blueprint(
    "portal_sessions", __name__, url_prefix="/v1/promoters",
    description="Signed, expiring links to a promoter's portal.",
)
blp = Blueprint("portal", __name__, url_prefix="/portal")

HISTORY_SIZE = 25


class PortalSessionCreate(WriteSchema):
    pass


class PortalSessionRead(ma.Schema):
    object = ma.fields.Constant("portal_session")
    promoter = ma.fields.String()
    url = ma.fields.String(metadata={"description": "send the promoter here within the hour"})
    expires_at = ma.fields.AwareDateTime()


@sessions_blp.route("/<promoter_id>/portal_sessions")
class PortalSessions(MethodView):
    @sessions_blp.arguments(PortalSessionCreate, required=False)
    @sessions_blp.response(201, PortalSessionRead)
    def post(self, fields, promoter_id):
        """A portal link for the promoter, valid for one hour (salt portal-session)."""
        promoter = promoters_service.get_promoter(
            db.session, merchant_id=current_merchant().id, promoter_id=promoter_id
        )
        token, expires_at = portal_sessions.sign(
            merchant_id=promoter.merchant_id, promoter_id=promoter.id, now=now(),
            secret_keys=secret_keys(),
        )
        return {"promoter": promoter.id, "expires_at": expires_at,
                "url": f"{current_app.config['PUBLIC_URL']}/portal/{token}"}


def _promoter_for(token: str):
    claims = portal_sessions.read(token, now=now(), secret_keys=secret_keys())
    promoter = promoters_service.get_promoter(
        db.session, merchant_id=claims.merchant_id, promoter_id=claims.promoter_id
    )
    # Blocked or erased; a redemption from the portal is judged again, locked (redemptions).
    if standing.refusals(db.session, promoter_ids={promoter.id}, lock=False):
        raise portal_sessions.PortalClosed("This portal is closed.")
    return promoter


def _closed(exc: GoodwordError):
    db.session.rollback()
    expired = isinstance(exc, portal_sessions.PortalLinkExpired)
    lang = words.language()
    page = {"lang": lang, "t": words.translator(lang)}
    if isinstance(exc, portal_sessions.PortalClosed):
        return render_template("portal/closed.html", closed=True, **page), 403
    return render_template("portal/closed.html", expired=expired, **page), (
        410 if expired else 404)


@blp.get("/<token>")
def portal(token: str):
    try:
        promoter = _promoter_for(token)
    except GoodwordError as exc:
        return _closed(exc)
    merchant = merchants_service.get_merchant(db.session, merchant_id=promoter.merchant_id)
    balances = statements.balances(db.session, merchant_id=merchant.id, promoter_id=promoter.id)
    points = next((b for b in balances if b.unit == "points"), balances[0])
    history = promoter_history.history(db.session, merchant_id=merchant.id,
                                       promoter_id=promoter.id, limit=HISTORY_SIZE)
    referrals, _ = signups_service.list_referrals(db.session, merchant_id=merchant.id,
                                                  promoter=promoter.id, limit=HISTORY_SIZE)
    tier = tiers_service.tier_status(db.session, merchant_id=merchant.id,
                                     promoter_id=promoter.id, now=now())
    # The short link, as the widget shares it: a promoter reads it aloud or types it.
    link = code_url(promoter.code)
    redemptions = redemptions_service.list_for_promoter(
        db.session, merchant_id=merchant.id, promoter_id=promoter.id, limit=HISTORY_SIZE)
    rewards = catalog_service.list_rewards(db.session, merchant_id=merchant.id,
                                           active_only=True)
    lang = words.language()
    say = words.translator(lang)
    response = make_response(render_template(
        "portal/portal.html", token=token, promoter=promoter, merchant=merchant, points=points,
        history=history, referrals=referrals, tier=tier, link=link, initials=initials,
        redemptions=redemptions, money=money, form_key=secrets.token_urlsafe(16), lang=lang,
        t=say, sentence=words.history_sentence, how_to_use=words.how_to_use,
        words_amount=lambda redemption: words.redemption_title(say, redemption, lang=lang),
        catalog=rewards, codes_left=catalog_service.codes_left(db.session,
                                                               merchant_id=merchant.id),
    ))
    response.vary.add("Accept-Language")
    response.headers.update({"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
    return response


@blp.post("/<token>/browser")
def remember_browser(token: str):
    """The portal page posts here as it opens: this browser is the promoter's, so a friend
    "clicking" from it later is the promoter themselves. A GET reads only
    (api/request/unit_of_work.py), so the page asks for this write."""
    try:
        promoter = _promoter_for(token)
    except GoodwordError as exc:
        return _closed(exc)
    response = make_response("", 204)
    response.headers.update({"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
    _remember(promoter, response)
    return response


def _remember(promoter, response) -> None:
    visitor_id = request.cookies.get(VISITOR_COOKIE)
    if not clicks_service.is_visitor_id(visitor_id):
        visitor_id = clicks_service.new_visitor_id()
        set_visitor_cookie(response, visitor_id)
    promoters_service.remember_browser(db.session, promoter=promoter, visitor_id=visitor_id)
    api_evidence.remember(promoter, "portal", api_evidence.from_request(visitor_id))


def money(amount: int | None, currency: str | None) -> str:
    """Minor units as the promoter reads them: 300 USD is "$3.00"."""
    if amount is None or currency is None:
        return ""
    return format_money(amount, currency)


def _redeemed_message(redemption, say) -> tuple[str, str]:
    """What the promoter is told after pressing Redeem, and the flash category."""
    worth = money(redemption.credit_amount, redemption.credit_currency)
    if redemption.catalog_reward_id is not None:
        if redemption.promotion_code:
            return say("redeemed_catalog_code", code=redemption.promotion_code), "message"
        return say("redeemed_catalog_credit", worth=worth), "message"
    if redemption.status == "failed":
        return say("redeemed_failed", reason=redemption.failure_reason), "error"
    if redemption.status == "held":
        return say("redeemed_held"), "message"
    if redemption.reward_kind == "promotion_code":
        return say("redeemed_code", code=redemption.promotion_code, worth=worth), "message"
    if redemption.reward_kind == "customer_balance":
        return say("redeemed_balance", worth=worth), "message"
    return say("redeemed_store_credit", points=redemption.amount), "message"


def _form_language() -> str:
    lang = request.form.get("lang", "")
    return lang if lang in words.LANGUAGES else words.language()


def _back(token: str):
    """To the portal again, in the language the promoter was reading it in."""
    lang = request.form.get("lang")
    return redirect(url_for("portal.portal", token=token,
                            lang=lang if lang in words.LANGUAGES else None))


@blp.post("/<token>/redeem")
def redeem(token: str):
    try:
        promoter = _promoter_for(token)
    except GoodwordError as exc:
        return _closed(exc)
    merchant = merchants_service.get_merchant(db.session, merchant_id=promoter.merchant_id)
    # A reward from the catalog, or an amount of points paid out as the merchant pays.
    catalog_reward = request.form.get("catalog_reward") or None
    try:
        points = int(request.form.get("points", ""))
    except ValueError:
        points = 0
    say = words.translator(_form_language())
    if catalog_reward is None and points < 1:
        flash(say("choose_points"), "error")
        return _back(token)
    form_key = request.form.get("form_key", "")
    if not form_key or not claim_form(merchant.id, "portal", f"{promoter.id}:{form_key}"):
        # The same form twice (a double click, a resubmitted page): it already redeemed once.
        db.session.rollback()
        flash(say("already_redeemed"), "error")
        return _back(token)
    try:
        # A Stripe payout commits its hold before calling Stripe, then records the answer.
        redemption = payouts.redeem(
            current_unit_of_work(), merchant=merchant, promoter_id=promoter.id,
            points=None if catalog_reward else points,
            reward_kind="stripe" if merchant.stripe_connected else "store_credit", now=now(),
            credentials_secrets=credentials_secrets(), stripe_api_base=stripe_api_base(),
            catalog_reward_id=catalog_reward,
        )
    except GoodwordError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _back(token)
    flash(*_redeemed_message(redemption, say))
    response = _back(token)
    _remember(promoter, response)
    return response
