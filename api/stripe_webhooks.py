"""POST /stripe/webhooks/<merchant_id>: Stripe's events for a merchant. No API key: the
Stripe-Signature header, made with the merchant's signing secret, is the authentication."""

from flask import Blueprint, jsonify, request

from api.redirects import link_max_age
from api.request.context import credentials_secrets, ip_hash_secret, now, secret_keys
from core.db import db
from referrals.stripe import events as stripe_events

blp = Blueprint("stripe_webhooks", __name__, url_prefix="/stripe/webhooks")


@blp.post("/<merchant_id>")
def receive(merchant_id):
    """Verify and apply one event; a duplicate is answered 200 and changes nothing."""
    receipt = stripe_events.receive(
        db.session, merchant_id=merchant_id, payload=request.get_data(),
        signature=request.headers.get("Stripe-Signature"), now=now(),
        secret_keys=secret_keys(), credentials_secrets=credentials_secrets(),
        link_max_age=link_max_age(), evidence_secret=ip_hash_secret(),
    )
    return jsonify(received=True, event=receipt.event_id, type=receipt.type,
                   outcome=receipt.outcome, duplicate=receipt.duplicate)
