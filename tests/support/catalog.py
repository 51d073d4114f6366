"""Members with points to spend, and catalog rewards to spend them on, through /v1."""

from tests.support.referrals import enroll
from tests.support.rewards import create_rule


def welcome_points(client, merchant, points: int = 500) -> dict:
    """A member.joined rule paying `points` with no hold: points a member can spend at once
    (after `goodword mature`)."""
    return create_rule(client, merchant, trigger="member.joined", name="Welcome",
                       beneficiary="customer", hold_days=0,
                       reward={"type": "fixed_points", "value": points})


def member_with_points(client, merchant, external_id: str, **fields) -> dict:
    """A member enrolled under the welcome rule, its points made available."""
    fields.setdefault("email", f"{external_id}@example.com")
    member = enroll(client, merchant, external_id=external_id, **fields)
    mature(client)
    return member


def mature(client) -> None:
    result = client.application.test_cli_runner().invoke(args=["mature"])
    assert result.exit_code == 0, result.output


def catalog_reward(client, merchant, **fields) -> dict:
    fields.setdefault("name", "$5 off your next order")
    fields.setdefault("kind", "amount_coupon")
    fields.setdefault("points_cost", 200)
    if fields["kind"] in ("store_credit", "amount_coupon"):
        fields.setdefault("amount", 500)
    response = client.post("/v1/catalog_rewards", json=fields, headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def redeem_reward(client, merchant, member_id: str, reward_id: str, **headers):
    return client.post("/v1/redemptions",
                       json={"promoter": member_id, "catalog_reward": reward_id},
                       headers=merchant.headers(**headers))


def available_points(client, merchant, member_id: str) -> int:
    body = client.get(f"/v1/promoters/{member_id}/balance", headers=merchant.headers())
    return sum(b["available"] for b in body.get_json()["balances"] if b["unit"] == "points")
