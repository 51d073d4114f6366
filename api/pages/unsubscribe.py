"""/unsubscribe/<token>: the link at the foot of every member email.

A GET shows a button and changes nothing (mail scanners follow links); the button, and a mail
client's one-click unsubscribe (RFC 8058: a POST with `List-Unsubscribe=One-Click`), POST here.
The signed token is the credential, so the page needs no sign-in and no CSRF token.
"""

from flask import Blueprint, render_template

from api.request.context import now, secret_keys
from core.db import db
from core.merchants import service as merchants_service
from referrals.messages import service as messages_service
from referrals.messages import unsubscribe_links
from referrals.messages.unsubscribe_links import UnsubscribeLinkInvalid

blp = Blueprint("unsubscribe", __name__, url_prefix="/unsubscribe")


def _claims(token: str):
    return unsubscribe_links.read(token, secret_keys=secret_keys())


@blp.get("/<token>")
def confirm(token: str):
    try:
        claims = _claims(token)
    except UnsubscribeLinkInvalid:
        return render_template("pages/unsubscribe.html", invalid=True), 404
    merchant = merchants_service.get_merchant(db.session, merchant_id=claims.merchant_id)
    done = messages_service.is_unsubscribed(db.session, promoter_id=claims.promoter_id)
    return render_template("pages/unsubscribe.html", token=token, merchant=merchant, done=done)


@blp.post("/<token>")
def unsubscribe(token: str):
    try:
        claims = _claims(token)
    except UnsubscribeLinkInvalid:
        return render_template("pages/unsubscribe.html", invalid=True), 404
    merchant = merchants_service.get_merchant(db.session, merchant_id=claims.merchant_id)
    messages_service.unsubscribe(db.session, merchant_id=claims.merchant_id,
                                 promoter_id=claims.promoter_id, now=now())
    return render_template("pages/unsubscribe.html", merchant=merchant, done=True)
