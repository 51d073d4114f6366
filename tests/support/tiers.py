"""Tiers through /v1/tiers, and points earned so a promoter climbs them."""

from core.db import db
from rewards.program import tiers
from tests.support.rewards import create_rule, earn, evaluate

SILVER = {"name": "Silver", "metric": "points_earned", "threshold": 100, "window_days": 30,
          "multiplier": 12_500, "perks": "Free shipping"}
GOLD = {"name": "Gold", "metric": "points_earned", "threshold": 300, "window_days": 30,
        "multiplier": 15_000}


def create_tier(client, merchant, **fields) -> dict:
    response = client.post("/v1/tiers", json=fields, headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def reevaluate(app, merchant_id: str, promoter_id: str) -> None:
    with app.app_context():
        tiers.reevaluate(db.session, merchant_id=merchant_id, promoter_id=promoter_id,
                         now=app.extensions["goodword_clock"].now())
        db.session.commit()


def earn_points(app, client, merchant, promoter_id: str, points: int, cause_id: str) -> None:
    """Earn `points` through a one-off rule, then re-evaluate as the earning code does."""
    rule = create_rule(client, merchant, name=f"grant {cause_id}",
                       reward={"type": "fixed_points", "value": points})
    verdicts = evaluate(app, merchant.id, trigger="referral.approved", referrer_id=promoter_id)
    earn(app, merchant.id, next(v for v in verdicts if v.rule_id == rule["id"]), cause_id)
    client.patch(f"/v1/rules/{rule['id']}", json={"active": False}, headers=merchant.headers())
    reevaluate(app, merchant.id, promoter_id)


def tier_of(client, merchant, promoter_id: str) -> tuple:
    body = client.get(f"/v1/promoters/{promoter_id}", headers=merchant.headers()).get_json()
    return (body["tier"] and body["tier"]["name"]), body["next_tier"]
