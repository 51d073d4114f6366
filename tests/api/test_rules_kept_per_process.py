"""The rules each process keeps (rewards.program.rule_cache) never pay under rules that were never
committed (a dashboard preview changes a rule inside a transaction it rolls back), and an order
that waited for its buyer's row sees the rules and webhook endpoints committed meanwhile."""

import threading

from sqlalchemy import text

from core.db import db
from tests.dashboard.conftest import csrf_of, owner, owner_client  # noqa: F401
from tests.threads import join_all

from .rewards_support import until_it_waits_for_a_lock
from .test_orders import balance, make_rule, order
from .webhook_support import add_endpoint


def _buyer_points(client, merchant, external_id="cus_loyal") -> int:
    buyer = client.get(f"/v1/promoters?external_id={external_id}",
                       headers=merchant.headers()).get_json()["data"][0]
    return balance(client, merchant, buyer["id"])["pending"]


def test_a_rolled_back_preview_edit_never_pays_after_a_real_edit(client, merchant,
                                                                  owner_client):  # noqa: F811
    """The rule editor previews an edit (1000 points per dollar) and rolls it back; the
    merchant then saves a different edit through the API (2 points per dollar). The next order
    must earn under the saved rule: 2 points per dollar, never the preview's 1000."""
    rule = make_rule(client, merchant, beneficiary="customer")  # 1 point per dollar
    order(client, merchant, "o-0", customer="cus_loyal")  # enrols the buyer: 100 points
    assert _buyer_points(client, merchant) == 100

    token = csrf_of(owner_client.get(f"/dashboard/program/rules/{rule['id']}/edit"))
    preview = owner_client.post(f"/dashboard/program/rules/{rule['id']}", data={
        "name": rule["name"], "beneficiary": "customer", "active": "true",
        "reward[type]": "points_per_currency_unit", "reward[value]": "1000",
        "sample[order_amount]": "10000", "csrf_token": token})
    assert preview.status_code == 200
    # Nothing was saved by the preview.
    api = client.get(f"/v1/rules/{rule['id']}", headers=merchant.headers()).get_json()
    assert (api["version"], api["reward"]["value"]) == (1, 1)

    edit = client.patch(f"/v1/rules/{rule['id']}", headers=merchant.headers(), json={
        "reward": {"type": "points_per_currency_unit", "value": 2}})
    assert edit.status_code == 200, edit.get_json()
    assert edit.get_json()["version"] == 2

    placed = order(client, merchant, "o-1", customer="cus_loyal")
    assert placed.status_code == 201, placed.get_json()
    assert _buyer_points(client, merchant) - 100 == 200  # 2 points per dollar on $100


def test_a_rolled_back_preview_rule_never_pays_after_a_real_new_rule(client, merchant,
                                                                     owner_client):  # noqa: F811
    """A previewed new rule (never saved) must not pay once another rule is really created."""
    make_rule(client, merchant, beneficiary="customer")  # 1 point per dollar
    order(client, merchant, "o-0", customer="cus_loyal")
    token = csrf_of(owner_client.get("/dashboard/program/rules/new?trigger=order.paid"))
    preview = owner_client.post("/dashboard/program/rules", data={
        "trigger": "order.paid", "name": "Preview only", "beneficiary": "customer",
        "active": "true", "reward[type]": "fixed_points", "reward[value]": "50000",
        "sample[order_amount]": "10000", "csrf_token": token})
    assert preview.status_code == 200
    make_rule(client, merchant, name="Saved bonus", beneficiary="customer",
              reward={"type": "fixed_points", "value": 10})

    assert order(client, merchant, "o-1", customer="cus_loyal").status_code == 201
    assert _buyer_points(client, merchant) - 100 == 110  # 100 + the saved bonus's 10


def _order_waiting_for_its_buyer(app, client, merchant, meanwhile):
    """A second order of cus_loyal sent while another transaction holds their row; once it
    waits for that lock, `meanwhile()` runs (and commits its change) before the row is let go.
    Returns the order's status and what `meanwhile` returned."""
    answers = []
    with app.app_context():
        holder = db.engine.connect()
        holder.begin()
        holder.execute(text("SELECT id FROM promoters WHERE external_id = 'cus_loyal' "
                            "AND merchant_id = :m FOR NO KEY UPDATE"), {"m": merchant.id})
        waiting = threading.Thread(target=lambda: answers.append(
            order(app.test_client(), merchant, "o-1", customer="cus_loyal").status_code))
        waiting.start()
        try:
            until_it_waits_for_a_lock(waiting)
            changed = meanwhile()
        finally:
            holder.commit()
            holder.close()
        join_all([waiting], timeout=20)
    return answers, changed


def test_an_endpoint_added_while_an_order_waits_for_its_buyer_gets_the_orders_events(
        app, client, merchant, on_postgres):
    """Another order of the same buyer holds their row; meanwhile the merchant adds a webhook
    endpoint (committed). The waiting order then earns: its reward.earned event is emitted after
    the endpoint exists, so a delivery to it must be queued."""
    make_rule(client, merchant, beneficiary="customer")
    assert order(client, merchant, "o-0", customer="cus_loyal").status_code == 201
    answers, endpoint = _order_waiting_for_its_buyer(app, client, merchant, lambda: add_endpoint(
        client, merchant, "https://hooks.example.com/goodword"))
    assert answers == [201]
    deliveries = client.get(f"/v1/webhook_endpoints/{endpoint['id']}/deliveries",
                            headers=merchant.headers()).get_json()["data"]
    assert len(deliveries) == 1, deliveries  # the order's reward.earned


def test_a_rule_edited_while_an_order_waits_for_its_buyer_applies_to_that_order(
        app, client, merchant, on_postgres):
    """The same wait, with the merchant's rule edit (1 -> 2 points per dollar) committed and
    answered 200 before the waiting order evaluates its rules: the order pays under the edit."""
    rule = make_rule(client, merchant, beneficiary="customer")
    assert order(client, merchant, "o-0", customer="cus_loyal").status_code == 201
    answers, edit = _order_waiting_for_its_buyer(app, client, merchant, lambda: client.patch(
        f"/v1/rules/{rule['id']}", headers=merchant.headers(),
        json={"reward": {"type": "points_per_currency_unit", "value": 2}}))
    assert edit.status_code == 200, edit.get_json()
    assert answers == [201]
    assert _buyer_points(client, merchant) - 100 == 200
