"""Points to spend: earned through a referred order, redeemed for a Stripe code."""

from sqlalchemy import func, select

from core.db import db
from rewards.ledger.models import LedgerTransaction
from tests.support.orders import balance, make_rule, order
from tests.support.referrals import click, enroll, sign_up


def earn_points(client, clock, merchant, external_id):
    """Ana has 100 available points (worth $5.00 at 5 cents a point)."""
    client.patch("/v1/merchant", json={"point_value": 5}, headers=merchant.headers())
    ana = enroll(client, merchant, external_id=external_id)
    sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
            referee_external_id="cus_ben", referee_email="ben@example.com")
    make_rule(client, merchant)
    order(client, merchant, amount=10_000)
    clock.advance(days=14)
    client.application.test_cli_runner().invoke(args=["mature"])
    assert balance(client, merchant, ana["id"])["available"] == 100
    return ana


def redeem(client, merchant, promoter_id, points=60, **headers):
    return client.post("/v1/redemptions", json={"promoter": promoter_id, "points": points,
                                                "reward_kind": "stripe"},
                       headers=merchant.headers(**headers))


def postings(app, kind) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LedgerTransaction)
                                 .where(LedgerTransaction.kind == kind))
