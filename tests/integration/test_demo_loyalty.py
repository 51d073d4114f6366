"""`make demo` shows the loyalty side: seed-demo gives the demo shop a welcome, a birthday gift,
two catalog rewards and three members with points to spend, once however often it runs."""

import re

from sqlalchemy import func, select

from core.db import db
from core.merchants import service as merchants_service
from referrals.promoters.models import Promoter
from rewards.catalog import service as catalog
from rewards.ledger.models import Reward


def test_the_demo_has_a_catalog_and_members_who_can_spend(app, client):
    runner = app.test_cli_runner()
    for _ in range(2):
        seeded = runner.invoke(args=["seed-demo"])
        assert seeded.exit_code == 0, seeded.output
    secret = re.search(r"(sk_test_\S+)", seeded.output).group(1)

    with app.app_context():
        demo = merchants_service.find_merchant_by_name(db.session, name="Demo Shop")
        rewards = catalog.list_rewards(db.session, merchant_id=demo.id)
        members = db.session.scalar(select(func.count()).select_from(Promoter)
                                    .where(Promoter.merchant_id == demo.id))
        spendable = db.session.scalar(select(func.sum(Reward.available))
                                      .where(Reward.merchant_id == demo.id))
    assert [reward.name for reward in rewards] == ["$5 off your next order", "Free tote bag"]
    assert members == 3 and spendable == 3 * 600

    lena = client.get("/v1/promoters?external_id=demo-member-lena",
                      headers={"Authorization": f"Bearer {secret}"}).get_json()["data"][0]
    redeemed = client.post("/v1/redemptions", json={"promoter": lena["id"],
                                                    "catalog_reward": rewards[0].id},
                           headers={"Authorization": f"Bearer {secret}"})
    assert redeemed.status_code == 201 and redeemed.get_json()["promotion_code"]
