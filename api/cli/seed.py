"""`goodword seed`: a merchant with a busy referral program, for evaluating and benchmarking.

Promoters, clicks, shares, referrals and orders are written in bulk (COPY on PostgreSQL), all
inside the last `--days` calendar days (today included), so the dashboard's default 30-day range
and the API's show every one of them.
Bulk rows skip the services: the seeded merchant has no reward rules, so its referrals and
orders rightly earn nothing, and no events or webhooks are sent for them. The closed days are
rolled up at the end (referrals/journey/rollup.py), as the worker would.
"""

import random
import secrets
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext

from api.cli.commands import _issue_pair, _print_keys
from api.request.context import now
from api.request.unit_of_work import command_unit_of_work, current_unit_of_work
from core.bulk import write_rows
from core.db import db
from core.ids import new_id
from core.merchants import service as merchants_service
from core.users import service as users_service
from referrals.clicks.models import Click
from referrals.journey import rollup as journey_rollup
from referrals.links.channels import CHANNELS
from referrals.promoters import codes
from referrals.promoters.models import Promoter
from referrals.shares.models import Share
from referrals.signups.models import Referral
from rewards.orders.models import Order

FIRST_NAMES = ("Ana", "Ben", "Chloe", "Dev", "Emma", "Femi", "Grace", "Hiro", "Ines", "Jonas",
               "Kira", "Luca", "Mei", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq")
USER_AGENTS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0 Mobile",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
)
# Every 14th click is a bad link: an old (expired) one, or one somebody edited (tampered).
INVALID_EVERY = 14
# How often each channel is picked; a channel missing here is simply never seeded.
SHARE_WEIGHTS = {"copy": 25, "whatsapp": 20, "email": 12, "sms": 10, "native": 10, "facebook": 10,
                 "x": 8, "linkedin": 5}


@dataclass(frozen=True)
class Made:
    merchant_id: str
    promoters: int
    clicks: int
    invalid_clicks: int
    shares: int
    referrals: dict[str, int]
    orders: int
    first_orders: int


def valid_click_count(clicks: int) -> int:
    return clicks - len(range(0, clicks, INVALID_EVERY))


def seed_merchant(session, *, name: str, shop_url: str, promoters: int, clicks: int,
                  shares: int, referrals: int, orders: int, days: int, now: datetime,
                  progress=lambda count: None) -> Made:
    """Create the merchant and its rows in the session's transaction (the caller commits)."""
    if referrals > valid_click_count(clicks):
        raise click.UsageError("--referrals cannot exceed the valid clicks (13 in 14 clicks).")
    if promoters < 1:
        raise click.UsageError("--promoters must be at least 1.")
    rng = random.Random()
    merchant = merchants_service.create_merchant(
        session, name=name, shop_url=shop_url, allowed_domains=[urlsplit(shop_url).hostname],
        currency="USD", now=now,
    )
    # Whole calendar days up to now, today included: the dashboard's default range.
    start = datetime.combine(now.date() - timedelta(days=days - 1), time(), tzinfo=UTC)
    span = (now - start).total_seconds() - 1  # everything strictly before `now`

    promoter_rows = []
    for index in range(promoters):
        joined = start - timedelta(seconds=rng.uniform(0, 60 * 86400))
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        code = codes.generated_code(None)
        promoter_rows.append((
            new_id("pro", at=joined), merchant.id, f"cus_seed_{index}",
            f"{first.lower()}.{index}@customers.example", f"{first} Seed{index}", code,
            codes.code_key(code), "active", joined,
        ))
    promoter_rows.sort(key=lambda row: row[-1])
    promoter_ids = [row[0] for row in promoter_rows]
    write_rows(session, Promoter.__table__, ("id", "merchant_id", "external_id", "email", "name",
               "code", "code_key", "status", "created_at"), promoter_rows, progress=progress)

    def some_promoter() -> str:
        # A few promoters bring most of the traffic, as in any real program.
        return promoter_ids[int(promoters * rng.random() ** 3)]

    # Clicks arrive in time order, so the table is laid out by time as a live one would be.
    click_times = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(clicks))
    visitors = [secrets.token_urlsafe(18) for _ in range(max(1, clicks * 4 // 5))]
    networks = [secrets.token_hex(32) for _ in range(max(1, clicks // 2))]
    valid_clicks = []  # (id, promoter, visitor, ip hash, time) of each good click

    def click_rows():
        for index, when in enumerate(click_times):
            click_id = new_id("clk", at=when)
            visitor, network = rng.choice(visitors), rng.choice(networks)
            if index % INVALID_EVERY == 0:
                tampered = index % (2 * INVALID_EVERY) == 0
                promoter_id = None if tampered else some_promoter()
                reason = "tampered" if tampered else "expired"
            else:
                promoter_id, reason = some_promoter(), None
                valid_clicks.append((click_id, promoter_id, visitor, network, when))
            yield (click_id, merchant.id, promoter_id, visitor, network,
                   rng.choice(USER_AGENTS), None, reason is None, reason, when)

    write_rows(session, Click.__table__, ("id", "merchant_id", "promoter_id", "visitor_id",
               "ip_hash", "user_agent", "referrer", "valid", "invalid_reason", "created_at"),
               click_rows(), progress=progress)

    channels = [channel for channel in CHANNELS if channel in SHARE_WEIGHTS]
    weights = [SHARE_WEIGHTS[channel] for channel in channels]
    share_rows = sorted(
        (start + timedelta(seconds=rng.uniform(0, span)), rng.choices(channels, weights)[0])
        for _ in range(shares)
    )
    write_rows(session, Share.__table__, ("id", "merchant_id", "promoter_id", "channel",
               "created_at"), ((new_id("shr", at=when), merchant.id, some_promoter(), channel,
                                when) for when, channel in share_rows), progress=progress)

    statuses = {"approved": 0, "pending_review": 0, "rejected": 0}
    customers = []  # (referral id, promoter, customer, signed up) of each approved friend
    step = len(valid_clicks) / referrals if referrals else 0

    def referral_rows():
        for index in range(referrals):
            click_id, promoter_id, visitor, network, clicked = valid_clicks[int(index * step)]
            signed_up = min(clicked + timedelta(seconds=rng.uniform(60, 2 * 86400)),
                            now - timedelta(seconds=1))
            referral_id = new_id("ref", at=signed_up)
            status, reasons = _verdict(index)
            statuses[status] += 1
            customer = f"cus_friend_{index}"
            if status == "approved":
                customers.append((referral_id, promoter_id, customer, signed_up))
            email = f"friend.{index}@example.com"
            yield (referral_id, merchant.id, promoter_id, click_id, "click", customer, email,
                   email, network, visitor, status, reasons, signed_up)

    write_rows(session, Referral.__table__, ("id", "merchant_id", "promoter_id", "click_id",
               "attributed_by", "referee_external_id", "referee_email", "referee_email_key",
               "ip_hash", "visitor_id", "status", "reasons", "created_at"), referral_rows(),
               progress=progress)
    if orders and not customers:
        raise click.UsageError("--orders needs approved referrals to credit them to.")

    def order_rows():
        for index in range(orders):
            referral_id, promoter_id, customer, signed_up = customers[index % len(customers)]
            last = (now - signed_up).total_seconds() - 1
            paid = signed_up + timedelta(seconds=rng.uniform(0, max(0, last)))
            yield (new_id("ord", at=paid), merchant.id, f"seed-{index}", customer,
                   rng.randrange(1500, 15000), "USD", 0, promoter_id, referral_id, "referral",
                   index < len(customers), paid)

    write_rows(session, Order.__table__, ("id", "merchant_id", "external_id",
               "customer_external_id", "amount", "currency", "refunded_amount", "promoter_id",
               "referral_id", "attributed_by", "first_order", "created_at"), order_rows(),
               progress=progress)
    return Made(merchant.id, promoters, clicks, clicks - len(valid_clicks), shares, statuses,
                orders, min(orders, len(customers)))


def _verdict(index: int) -> tuple[str, list[dict]]:
    """1 in 20 signups rejected, 2 in 20 held for review, with the reasons the checks give."""
    if index % 20 == 0:
        return "rejected", [{"code": "self_referral_email",
                             "message": "The friend's email is the promoter's own."}]
    if index % 20 in (1, 2):
        return "pending_review", [{"code": "velocity_ip",
                                   "message": "Many signups from one network today."}]
    return "approved", []


@click.command("seed")
@with_appcontext
@click.option("--clicks", default=10_000, show_default=True, type=click.IntRange(0))
@click.option("--orders", default=1_000, show_default=True, type=click.IntRange(0))
@click.option("--referrals", type=click.IntRange(0), help="default: clicks / 10")
@click.option("--promoters", type=click.IntRange(1), help="default: clicks / 2, at least 10")
@click.option("--shares", type=click.IntRange(0), help="default: clicks / 4")
@click.option("--days", default=30, show_default=True, type=click.IntRange(1, 366),
              help="everything happens within the last this many calendar days, today included")
@click.option("--name", default="Seeded Shop", show_default=True, help="the merchant's name")
@click.option("--owner-email", default="owner@seeded-shop.test", show_default=True)
@click.option("--owner-password", envvar="GOODWORD_SEED_PASSWORD",
              help="the dashboard owner's password (default: random, printed once)")
@command_unit_of_work
def seed_command(clicks, orders, referrals, promoters, shares, days, name, owner_email,
                 owner_password):
    """Create a new merchant with promoters, clicks, shares, referrals and orders, in bulk."""
    # Proportions of a plausible program, so its journey reads like one: every buyer is a
    # member, few share, a share reaches about four people, one click in ten signs up. That is
    # a K-factor of 0.2 (2,000 signups from 10,000 members for 20,000 clicks), where a
    # member per 1,000 clicks once made it 95.
    referrals = clicks // 10 if referrals is None else referrals
    promoters = max(10, clicks // 2) if promoters is None else promoters
    shares = clicks // 4 if shares is None else shares
    password = owner_password or secrets.token_urlsafe(12)
    total = promoters + clicks + shares + referrals + orders
    with click.progressbar(length=total, label="Seeding", file=sys.stderr,
                           show_pos=True) as bar:
        made = seed_merchant(
            db.session, name=name, shop_url="https://shop.seeded.example/",
            promoters=promoters, clicks=clicks, shares=shares, referrals=referrals,
            orders=orders, days=days, now=now(), progress=bar.update,
        )
    merchant = merchants_service.get_merchant(db.session, merchant_id=made.merchant_id)
    printed = _issue_pair(merchant, "test")
    users_service.create_user(db.session, merchant_id=merchant.id, email=owner_email,
                              password=password, role="owner", now=now())
    current_unit_of_work().commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in ("promoters", "clicks", "shares", "referrals", "orders"):
                connection.exec_driver_sql(f"ANALYZE {table}")
    # Count the closed days once, as the worker would, so the dashboard is fast at once.
    while journey_rollup.roll_up(db.session, now=now()):
        current_unit_of_work().commit()
    current_unit_of_work().commit()
    click.echo(f"Made, within the last {days} days:")
    click.echo(f"  {made.promoters:,} promoters")
    click.echo(f"  {made.clicks:,} clicks ({made.invalid_clicks:,} on bad links)")
    click.echo(f"  {made.shares:,} shares")
    click.echo(f"  {sum(made.referrals.values()):,} referrals (" + ", ".join(
        f"{count:,} {status.replace('_', ' ')}" for status, count in made.referrals.items()) + ")")
    click.echo(f"  {made.orders:,} referred orders ({made.first_orders:,} first orders)")
    _print_keys(merchant, printed)
    shown = "" if owner_password else f" / {password}  (shown once)"
    click.echo(f"Dashboard: {current_app.config['PUBLIC_URL']}/dashboard  {owner_email}{shown}")
