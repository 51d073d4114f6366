"""Orders, refunds and balances through /v1, and the rule most order tests pay under."""


def make_rule(client, merchant, **fields) -> dict:
    fields.setdefault("name", "Points for referred orders")
    fields.setdefault("trigger", "order.paid")
    fields.setdefault("beneficiary", "referrer")
    fields.setdefault("reward", {"type": "points_per_currency_unit", "value": 1})
    response = client.post("/v1/rules", json=fields, headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def order(client, merchant, external_id="o-1", amount=10_000, customer="cus_ben", **fields):
    body = {"external_id": external_id, "customer_external_id": customer, "amount": amount,
            "currency": "USD"}
    return client.post("/v1/orders", json=body | fields, headers=merchant.headers())


def balance(client, merchant, promoter_id) -> dict:
    body = client.get(f"/v1/promoters/{promoter_id}/balance", headers=merchant.headers())
    assert body.status_code == 200
    (points,) = [b for b in body.get_json()["balances"] if b["unit"] == "points"]
    return points


def assert_books_balance(client, merchant):
    report = client.get("/v1/ledger/trial_balance", headers=merchant.headers()).get_json()
    assert report["balanced"] is True, report
    assert report["lots_match_accounts"] is True, report


def refund(client, merchant, order_id, amount, external_id):
    return client.post(f"/v1/orders/{order_id}/refunds",
                       json={"amount": amount, "external_id": external_id},
                       headers=merchant.headers())


def units(client, merchant, promoter_id) -> dict:
    body = client.get(f"/v1/promoters/{promoter_id}/balance", headers=merchant.headers())
    return {b["unit"]: b["pending"] for b in body.get_json()["balances"] if b["pending"]}
