"""Held signups for the review-queue tests: a farm (one network, one browser, one address
pattern), and friends held one by one for unrelated reasons."""

from tests.support.referrals import sign_up

FARM_BROWSER = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                "Gecko) Chrome/131.0.0.0 Safari/537.36")


def hold_everything_suspicious(client, merchant) -> None:
    """Risk scores hold rather than reject, so a whole farm waits in the queue."""
    response = client.patch("/v1/fraud_settings", json={"reject_score": 1000},
                            headers=merchant.headers())
    assert response.status_code == 200, response.get_json()


def farm(client, merchant, promoter, size: int, *, network: str = "203.0.113",
         name: str = "kmiller", first: int = 0) -> list[dict]:
    """`size` held signups from one /24 with one browser, addresses kmiller101@yahoo.com ...
    Two more are sent first: alone they look honest and are approved; from the third on the
    pattern holds each one."""
    held = []
    for n in range(first, first + size + 2):
        response = sign_up(
            client, merchant, code=promoter["code"], referee_external_id=f"{name}_{n}",
            referee_email=f"{name}{101 + n}@yahoo.com", ip=f"{network}.{10 + n}",
            user_agent=FARM_BROWSER, device_id=f"dev_{name}_{n}")
        assert response.status_code == 201, response.get_json()
        held.append(response.get_json())
    assert [referral["status"] for referral in held] == (
        ["approved"] * 2 + ["pending_review"] * size), held
    return held[2:]


def held_alone(client, merchant, promoter, n: int, *, provider: str = "yopmail.com") -> dict:
    """A friend at a throwaway provider, on a network and browser of their own."""
    response = sign_up(
        client, merchant, code=promoter["code"], referee_external_id=f"loner_{n}",
        referee_email=f"someone.{chr(97 + n)}@{provider}", ip=f"198.51.{n}.7",
        user_agent=f"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_{n}) Safari/605.1.{n}")
    assert response.status_code == 201, response.get_json()
    referral = response.get_json()
    assert referral["status"] == "pending_review", referral
    return referral
