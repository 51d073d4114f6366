"""One merchant with one of everything, built through the API, for the tests that attack it:
tenant isolation, mass assignment, privacy. `ids` maps each URL variable of the route table
(`<promoter_id>`, `<order_id>`...) to an object of this merchant."""

from dataclasses import dataclass, field

from sqlalchemy import inspect, select, text

from core.db import db
from tests.support.widget import mint_session, widget_headers


@dataclass
class World:
    merchant: object
    ids: dict = field(default_factory=dict)
    promoter: dict = field(default_factory=dict)
    friend_promoter: dict = field(default_factory=dict)
    click_id: str = ""
    widget_token: str = ""
    held_referral_id: str = ""


def _ok(response) -> dict:
    assert response.status_code in (200, 201), (response.request.path, response.get_json())
    return response.get_json()


def build_world(client, merchant, clock, *, friend_ip: str = "203.0.113.77") -> World:
    """Ana enrols (with her birthday) and writes a review, Ben clicks her link and signs up and
    buys, Cy's signup waits for review; Ana redeems; a webhook endpoint has deliveries; Ben
    answered the widget; a EUR exchange rate. Every kind of object with an id in a /v1 URL."""
    h = merchant.headers()
    world = World(merchant=merchant)
    _ok(client.post("/v1/webhook_endpoints", headers=h,
                    json={"url": "http://127.0.0.1:9/hooks", "enabled_events": ["*"]}))
    rule = _ok(client.post("/v1/rules", headers=h, json={
        "name": "Points per dollar", "trigger": "order.paid", "beneficiary": "referrer",
        "reward": {"type": "points_per_currency_unit", "value": 1}}))
    rate = _ok(client.post("/v1/exchange_rates", headers=h,
                           json={"currency": "EUR", "rate": "1.08"}))
    tier = _ok(client.post("/v1/tiers", headers=h, json={
        "name": "Gold", "metric": "approved_referrals", "threshold": 5, "window_days": 365}))
    _ok(client.post("/v1/rules", headers=h, json={
        "name": "Reviews", "trigger": "activity.recorded", "beneficiary": "customer",
        "conditions": {"activity_type": "review.written"},
        "reward": {"type": "fixed_points", "value": 20}}))
    ana = _ok(client.post("/v1/promoters", headers=h, json={
        "external_id": "cus_ana", "email": "ana.lima@example.com", "name": "Ana Lima",
        "birthday": "07-21"}))
    _ok(client.post("/v1/activities", headers=h, json={
        "member": ana["id"], "type": "review.written", "external_id": "review-1"}))
    response = client.get(f"/r/{ana['code']}", headers={"User-Agent": "World/1.0"},
                          environ_base={"REMOTE_ADDR": friend_ip})
    assert response.status_code == 302
    world.click_id = response.headers["Location"].split("gw_click=")[1].split("&")[0]
    referral = _ok(client.post("/v1/referrals", headers=h, json={
        "referee_external_id": "cus_ben", "referee_email": "ben.friend@example.com",
        "click_id": world.click_id, "ip": friend_ip}))
    # Cy signs up with a throwaway address: held for review, a case of one in the queue.
    held = _ok(client.post("/v1/referrals", headers=h, json={
        "referee_external_id": "cus_cy", "referee_email": "cy@mailinator.com",
        "code": ana["code"]}))
    assert held["status"] == "pending_review", held
    world.held_referral_id = held["id"]
    order = _ok(client.post("/v1/orders", headers=h, json={
        "external_id": "o-1001", "customer_external_id": "cus_ben", "amount": 100_000,
        "currency": "USD", "customer_email": "ben.friend@example.com"}))
    _ok(client.post(f"/v1/orders/{order['id']}/refunds", headers=h,
                    json={"amount": 10_000, "external_id": "re_1"}))
    clock.advance(days=30)
    assert client.application.test_cli_runner().invoke(args=["mature"]).exit_code == 0
    redemption = _ok(client.post("/v1/redemptions", headers=h,
                                 json={"promoter": ana["id"], "points": 100}))
    world.widget_token = mint_session(client, merchant, external_id="cus_ben")
    _ok(client.post("/widget/v1/enrollment",
                    headers=widget_headers(merchant.publishable, world.widget_token)))
    _ok(client.post("/widget/v1/shares", json={"channel": "email"},
                    headers=widget_headers(merchant.publishable, world.widget_token)))
    _ok(client.post("/widget/v1/feedback", json={"score": 10, "text": "Lovely mugs"},
                    headers=widget_headers(merchant.publishable, world.widget_token)))
    endpoint = _ok(client.get("/v1/webhook_endpoints", headers=h))["data"][0]
    delivery = _ok(client.get(f"/v1/webhook_endpoints/{endpoint['id']}/deliveries",
                              headers=h))["data"][0]
    event = _ok(client.get("/v1/events", headers=h))["data"][0]
    world.promoter = ana
    world.friend_promoter = _ok(client.get("/v1/promoters?external_id=cus_ben", headers=h))[
        "data"][0]
    world.ids = {
        "promoter_id": ana["id"], "referral_id": referral["id"], "order_id": order["id"],
        "redemption_id": redemption["id"], "rule_id": rule["id"], "tier_id": tier["id"],
        "endpoint_id": endpoint["id"], "delivery_id": delivery["id"], "event_id": event["id"],
        "currency": rate["currency"], "case_id": "case_" + held["id"].removeprefix("ref_"),
    }
    return world


def snapshot(app) -> dict:
    """Every row of every table, as text: a request that changed nothing leaves it equal."""
    with app.app_context():
        connection = db.session.connection()
        tables = sorted(inspect(connection).get_table_names())
        rows = {}
        for table in tables:
            result = connection.execute(select(text("*")).select_from(text(f'"{table}"')))
            rows[table] = sorted(tuple(str(value) for value in row) for row in result)
        db.session.rollback()
        return rows
