"""An attack through the dashboard found in review (issue 18): staff stacking rules to pay past
the owners' guardrail. It failed before its fix (see tests/api/test_attack_findings.py)."""

from tests.support.dashboard import JACKPOT, csrf_of, staff_client


def test_staff_cannot_pay_ten_times_the_guardrail_with_ten_rules(app, client, merchant):
    staff = staff_client(app, merchant)
    token = csrf_of(staff.get("/dashboard/program/rules/new?trigger=order.paid"))
    for n in range(10):
        saved = staff.post("/dashboard/program/rules", data={
            **JACKPOT, "name": f"Jackpot {n}", "reward[value]": "100000", "hold_days": "14",
            "step": "save", "csrf_token": token})
        assert saved.status_code in (302, 400), saved.status_code

    placed = client.post("/v1/orders", json={
        "external_id": "o-1", "customer_external_id": "cus_mallory", "amount": 10_000,
        "currency": "USD"}, headers=merchant.headers())
    assert placed.status_code == 201, placed.get_json()
    mallory = client.get("/v1/promoters?external_id=cus_mallory",
                         headers=merchant.headers()).get_json()["data"][0]["id"]
    body = client.get(f"/v1/promoters/{mallory}/balance", headers=merchant.headers()).get_json()
    pending = sum(b["pending"] for b in body["balances"] if b["unit"] == "points")
    # The owners said 100,000 points is the most one award may pay; one $100 order pays 10x.
    assert pending <= 100_000
