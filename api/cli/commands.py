"""Merchant and key administration commands, registered on the app (`goodword create-merchant`)."""

import secrets
from datetime import timedelta
from urllib.parse import urlsplit

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from api.pages import demo_shop
from api.request.context import credentials_secrets, digest_secret, now, stripe_api_base
from api.request.unit_of_work import command_unit_of_work, current_unit_of_work
from core.db import db
from core.errors import GoodwordError
from core.merchants import keys as keys_service
from core.merchants import service as merchants_service
from core.merchants.models import Merchant
from core.users import service as users_service
from referrals.members import scheduled as celebrations
from referrals.stripe import friend_codes, payouts
from rewards.earning import maturation

DEMO_NAME = "Demo Shop"
DEMO_USER = "demo@goodword.test"


admin = AppGroup("admin", help="Merchants and API keys.")


def register_commands(app: Flask) -> None:
    for command in admin.commands.values():
        app.cli.add_command(command)


def _fail_cleanly(exc: GoodwordError):
    db.session.rollback()
    raise click.ClickException(f"{exc.message} ({exc.code})") from exc


def _issue_pair(merchant: Merchant, mode: str) -> list[tuple[str, str]]:
    printed = []
    for kind in ("secret", "publishable"):
        api_key, raw_key = keys_service.issue_key(
            db.session, merchant=merchant, kind=kind, mode=mode,
            digest_secret=digest_secret(), now=now(),
        )
        printed.append((api_key.id, raw_key))
    return printed


def _print_keys(merchant: Merchant, printed: list[tuple[str, str]]) -> None:
    click.echo(f"merchant: {merchant.id} ({merchant.name})")
    for key_id, raw_key in printed:
        click.echo(f"  {raw_key}   ({key_id})")
    click.echo("Keys are shown once; Goodword keeps only their digests.")


@admin.command("create-merchant")
@click.option("--name", required=True)
@click.option("--shop-url", required=True, help="the shop's home page, e.g. https://shop.example")
@click.option("--domain", "domains", multiple=True, help="an allowed shop domain (repeatable)")
@click.option("--currency", default="USD", show_default=True)
@click.option("--live", is_flag=True, help="issue live keys instead of test keys")
@command_unit_of_work
def create_merchant(name, shop_url, domains, currency, live):
    """Create a merchant and print its secret and publishable keys once."""
    try:
        merchant = merchants_service.create_merchant(
            db.session, name=name, shop_url=shop_url,
            allowed_domains=list(domains) or [urlsplit(shop_url).hostname or ""],
            currency=currency, now=now(),
        )
        printed = _issue_pair(merchant, "live" if live else "test")
    except GoodwordError as exc:
        _fail_cleanly(exc)
    current_unit_of_work().commit()
    _print_keys(merchant, printed)


@admin.command("create-key")
@click.argument("merchant_id")
@click.option("--kind", type=click.Choice(["secret", "publishable"]), default="secret")
@click.option("--mode", type=click.Choice(["test", "live"]), default="test")
@command_unit_of_work
def create_key(merchant_id, kind, mode):
    """Issue one more key for a merchant."""
    try:
        merchant = merchants_service.get_merchant(db.session, merchant_id=merchant_id)
        api_key, raw_key = keys_service.issue_key(
            db.session, merchant=merchant, kind=kind, mode=mode,
            digest_secret=digest_secret(), now=now(),
        )
    except GoodwordError as exc:
        _fail_cleanly(exc)
    current_unit_of_work().commit()
    _print_keys(merchant, [(api_key.id, raw_key)])


@admin.command("list-keys")
@click.argument("merchant_id")
@command_unit_of_work
def list_keys(merchant_id):
    """List a merchant's keys, redacted."""
    keys, _ = keys_service.list_keys(db.session, merchant_id=merchant_id, limit=100)
    for api_key in keys:
        state = "revoked" if api_key.revoked_at else (
            "expires " + api_key.expires_at.isoformat() if api_key.expires_at else "active"
        )
        click.echo(f"{api_key.id}  {api_key.redacted:<24} {api_key.kind:<12} {state}")


@admin.command("roll-key")
@click.argument("key_id")
@click.option("--grace-hours", default=0, show_default=True, type=click.IntRange(0, 168),
              help="how long the old key keeps working")
@command_unit_of_work
def roll_key(key_id, grace_hours):
    """Replace a key; the old one stops working after the grace period."""
    try:
        api_key, raw_key = keys_service.roll_key(
            db.session, key_id=key_id, digest_secret=digest_secret(), now=now(),
            grace=timedelta(hours=grace_hours),
        )
    except GoodwordError as exc:
        _fail_cleanly(exc)
    current_unit_of_work().commit()
    _print_keys(api_key.merchant, [(api_key.id, raw_key)])


@admin.command("revoke-key")
@click.argument("key_id")
@command_unit_of_work
def revoke_key(key_id):
    """Revoke a key at once."""
    try:
        api_key = keys_service.revoke_key(db.session, key_id=key_id, now=now())
    except GoodwordError as exc:
        _fail_cleanly(exc)
    current_unit_of_work().commit()
    click.echo(f"revoked {api_key.id} ({api_key.redacted})")


@admin.command("seed-demo")
@command_unit_of_work
def seed_demo():
    """Create the demo merchant (or roll its keys if it exists), its "give 500, get 500"
    referral rules and the demo storefront's key file, and print its keys."""
    merchant = merchants_service.find_merchant_by_name(db.session, name=DEMO_NAME)
    base_url = current_app.config["PUBLIC_URL"]
    if merchant is None:
        merchant = merchants_service.create_merchant(
            db.session, name=DEMO_NAME, shop_url=base_url + demo_shop.SHOP_PATH,
            allowed_domains=[urlsplit(base_url).hostname, "127.0.0.1", "localhost"],
            currency="USD", now=now(),
        )
    else:
        for api_key in merchant.api_keys:
            if api_key.is_usable(now()):
                keys_service.revoke_key(db.session, key_id=api_key.id, now=now())
        if merchant.shop_url.endswith(demo_shop.SHOP_PATH):
            # `make demo PORT=...` on another port: links must still reach the demo shop.
            merchants_service.update_merchant(
                db.session, merchant=merchant,
                changes={"shop_url": base_url + demo_shop.SHOP_PATH})
    printed = _issue_pair(merchant, "test")
    demo_shop.seed_program(merchant)
    demo_password = _seed_demo_user(merchant)
    current_unit_of_work().commit()
    demo_shop.remember_demo_key(merchant, publishable_key=printed[1][1],
                                secret_key=printed[0][1])
    _print_keys(merchant, printed)
    if demo_password:
        click.echo(f"Dashboard: {current_app.config['PUBLIC_URL']}/dashboard  "
                   f"{DEMO_USER} / {demo_password}  (shown once)")
    else:
        click.echo(f"Dashboard: {current_app.config['PUBLIC_URL']}/dashboard  "
                   f"{DEMO_USER} (password unchanged)")
    click.echo(f"Demo storefront: {current_app.config['PUBLIC_URL']}{demo_shop.SHOP_PATH}")


def _seed_demo_user(merchant: Merchant) -> str | None:
    """The demo's dashboard owner, with a fresh random password printed once; an existing one
    keeps the password its user may have changed."""
    if users_service.find_user(db.session, merchant_id=merchant.id, email=DEMO_USER):
        return None
    password = secrets.token_urlsafe(12)
    users_service.create_user(db.session, merchant_id=merchant.id, email=DEMO_USER,
                              password=password, role="owner", now=now())
    return password


@admin.command("create-user")
@click.argument("merchant_id")
@click.argument("email")
@click.option("--role", type=click.Choice(users_service.ROLES), default="staff",
              show_default=True, help="owners also manage API keys and users")
@click.password_option(help="prompted twice, hidden, when not given")
@command_unit_of_work
def create_user(merchant_id, email, role, password):
    """Create a dashboard user for a merchant."""
    try:
        merchant = merchants_service.get_merchant(db.session, merchant_id=merchant_id)
        user = users_service.create_user(db.session, merchant_id=merchant.id, email=email,
                                         password=password, role=role, now=now())
    except GoodwordError as exc:
        _fail_cleanly(exc)
    current_unit_of_work().commit()
    click.echo(f"{user.email} ({user.role}) can sign in at "
               f"{current_app.config['PUBLIC_URL']}/dashboard/login  [{user.id}]")


@admin.command("mature")
@command_unit_of_work
def mature():
    """Make rewards whose hold period is over available (safe to run any time, and twice)."""
    total = 0
    while moved := maturation.mature_due(db.session, now=now()):
        current_unit_of_work().commit()
        total += moved
    click.echo(f"{total} rewards became available")


@admin.command("expire")
@command_unit_of_work
def expire():
    """Expire available points past the merchant's expiry period (safe to run twice)."""
    total = 0
    while expired := maturation.expire_due(db.session, now=now()):
        current_unit_of_work().commit()
        total += expired
    click.echo(f"{total} reward lots expired")


@admin.command("celebrate")
@command_unit_of_work
def celebrate():
    """Award today's birthdays and anniversaries, once per member and year (the worker runs
    this daily job too; safe to run twice, or beside it)."""
    total = 0
    while celebrations.celebrate_next(db.session, now=now()):
        current_unit_of_work().commit()
        total += 1
    click.echo(f"{total} birthdays and anniversaries celebrated")


@admin.command("connect-stripe")
@click.argument("merchant_id")
@click.option("--secret-key", envvar="STRIPE_SECRET_KEY", prompt=True, hide_input=True,
              help="sk_... or rk_... (prompted, hidden, when not given; or $STRIPE_SECRET_KEY)")
@click.option("--webhook-secret", envvar="STRIPE_WEBHOOK_SECRET", prompt=True, hide_input=True,
              help="the endpoint's signing secret whsec_... (or $STRIPE_WEBHOOK_SECRET)")
@click.option("--payout", type=click.Choice(merchants_service.STRIPE_PAYOUTS), default=None,
              help="how Stripe payouts go out (default: unchanged)")
@command_unit_of_work
def connect_stripe(merchant_id, secret_key, webhook_secret, payout):
    """Store a merchant's Stripe keys, encrypted; they are never printed back."""
    changes = {"stripe_secret_key": secret_key.strip(),
               "stripe_webhook_secret": webhook_secret.strip()}
    if payout:
        changes["stripe_payout"] = payout
    try:
        merchant = merchants_service.get_merchant(db.session, merchant_id=merchant_id)
        merchants_service.update_merchant(db.session, merchant=merchant, changes=changes,
                                          credentials_secrets=credentials_secrets())
    except GoodwordError as exc:
        _fail_cleanly(exc)
    current_unit_of_work().commit()
    click.echo(f"Stripe connected for {merchant.id}: key ...{merchant.stripe_secret_key_last4}, "
               f"signing secret ...{merchant.stripe_webhook_secret_last4}, "
               f"payouts as {merchant.stripe_payout}")
    click.echo(f"Webhook URL: {current_app.config['PUBLIC_URL']}/stripe/webhooks/{merchant.id}")


@admin.command("retry-payouts")
@click.option("--min-age-seconds", default=120, show_default=True, type=click.IntRange(0),
              help="leave payouts held more recently than this (maybe still in flight)")
@command_unit_of_work
def retry_payouts(min_age_seconds):
    """Finish Stripe payouts left held by an outage or a crash, and tell Stripe of blocks it
    missed (friend codes to deactivate). Safe to run any time, and twice."""
    counts = payouts.retry_held_payouts(
        current_unit_of_work(), now=now(), credentials_secrets=credentials_secrets(),
        stripe_api_base=stripe_api_base(), retry_after=timedelta(seconds=min_age_seconds),
    )
    click.echo(", ".join(f"{count} {status}" for status, count in counts.items()))
    # The same job repairs what Stripe missed of a block: a friend code left discounting.
    codes = friend_codes.follow_standing_due(
        current_unit_of_work(), credentials_secrets=credentials_secrets(),
        stripe_api_base=stripe_api_base())
    click.echo("friend codes: " + ", ".join(f"{count} {state}" for state, count in codes.items()))
