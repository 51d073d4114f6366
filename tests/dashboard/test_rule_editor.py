"""The rule editor: the dry run is shown before anything is saved; saving an edit appends a
version; the form is validated exactly like POST/PATCH /v1/rules."""

import html

from tests.support.dashboard import csrf_of
from tests.support.rewards import create_rule

EDIT = {"name": "Friend bonus", "beneficiary": "referrer", "active": "true",
        "reward[type]": "fixed_points", "reward[value]": "150",
        "sample[days_since_referral]": "3"}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def promoters(client, merchant) -> int:
    return len(client.get("/v1/promoters", headers=merchant.headers()).get_json()["data"])


def test_an_edit_shows_the_dry_run_first_and_saves_a_new_version(client, merchant, owner_client):
    rule = create_rule(client, merchant)
    form = text(owner_client.get(f"/dashboard/program/rules/{rule['id']}/edit"))
    assert 'value="Friend bonus"' in form and 'value="100"' in form
    token = csrf_of(owner_client.get(f"/dashboard/program/rules/{rule['id']}/edit"))
    before = promoters(client, merchant)

    preview = owner_client.post(f"/dashboard/program/rules/{rule['id']}",
                                data={**EDIT, "csrf_token": token})
    page = text(preview)
    assert preview.status_code == 200
    assert "awards 150 points to the referrer, available after 14 days" in page
    assert "Save as version 2" in page
    # Nothing saved, and the sample promoters the dry run used are gone too.
    api = client.get(f"/v1/rules/{rule['id']}", headers=merchant.headers()).get_json()
    assert (api["version"], api["reward"]["value"]) == (1, 100)
    assert promoters(client, merchant) == before

    saved = owner_client.post(f"/dashboard/program/rules/{rule['id']}", data={
        **EDIT, "base_version": "1", "step": "save", "csrf_token": token,
    }, follow_redirects=True)
    assert "Rule “Friend bonus” saved as version 2." in text(saved)
    api = client.get(f"/v1/rules/{rule['id']}", headers=merchant.headers()).get_json()
    assert (api["version"], api["reward"]["value"]) == (2, 150)
    first = client.get(f"/v1/rules/{rule['id']}?version=1", headers=merchant.headers()).get_json()
    assert first["reward"]["value"] == 100


def test_a_new_order_rule_previewed_on_a_sample_order_then_created(
    client, merchant, owner_client
):
    create_rule(client, merchant, name="Order points", trigger="order.paid",
                reward={"type": "points_per_currency_unit", "value": 1})
    token = csrf_of(owner_client.get("/dashboard/program/rules/new?trigger=order.paid"))
    fields = {"trigger": "order.paid", "name": "Ten percent", "beneficiary": "referrer",
              "active": "true", "reward[type]": "percent_of_order", "reward[value]": "10",
              "conditions[first_order_only]": "true", "sample[order_amount]": "25.99",
              "sample[first_order]": "true", "sample[days_since_referral]": "3",
              "csrf_token": token}
    page = text(owner_client.post("/dashboard/program/rules", data=fields))
    assert "Ten percent</strong> v1 <span class=\"badge\">this rule</span> awards $2.59" in page
    # The other rule on the trigger is shown too: the merchant sees what stacks.
    assert "Order points</strong> v1 awards 25 points to the referrer" in page
    assert len(client.get("/v1/rules", headers=merchant.headers()).get_json()["data"]) == 1

    repeat = text(owner_client.post("/dashboard/program/rules",
                                    data={**fields, "sample[first_order]": ""}))
    assert "Ten percent</strong> v1 <span class=\"badge\">this rule</span> awards nothing" in repeat

    created = owner_client.post("/dashboard/program/rules", data={**fields, "step": "save"},
                                follow_redirects=True)
    assert "Rule “Ten percent” saved as version 1." in text(created)
    rules = client.get("/v1/rules", headers=merchant.headers()).get_json()["data"]
    assert {r["name"]: r["reward"]["value"] for r in rules} == {
        "Ten percent": 1000, "Order points": 1}


def test_the_preview_shows_store_credit_and_the_minimum_as_money(client, merchant,
                                                                  owner_client):
    token = csrf_of(owner_client.get("/dashboard/program/rules/new?trigger=order.paid"))
    page = text(owner_client.post("/dashboard/program/rules", data={
        "trigger": "order.paid", "name": "Ten percent", "beneficiary": "referrer",
        "active": "true", "reward[type]": "percent_of_order", "reward[value]": "10",
        "conditions[min_order_amount]": "20.00", "sample[order_amount]": "50",
        "sample[days_since_referral]": "3", "csrf_token": token}))
    # 10% of a $50.00 order is $5.00 of store credit, not "500 USD".
    assert "awards $5.00 to the referrer, available after 14 days" in page
    assert "<dt>min order amount</dt><dd>$20.00</dd>" in page


def test_the_form_refuses_what_the_api_refuses_on_the_right_field(client, merchant, owner_client):
    token = csrf_of(owner_client.get("/dashboard/program/rules/new"))
    base = {"trigger": "referral.approved", "name": "Bonus", "beneficiary": "referrer",
            "active": "true", "reward[type]": "fixed_points", "reward[value]": "100",
            "csrf_token": token}
    api_refusal = client.post("/v1/rules", json={
        "trigger": "referral.approved", "name": "Bonus", "beneficiary": "referrer",
        "reward": {"type": "percent_of_order", "value": 100}}, headers=merchant.headers())
    message = api_refusal.get_json()["error"]["message"]

    cases = [
        ({"reward[type]": "percent_of_order"}, "reward[type]", message),
        ({"reward[value]": "lots"}, "reward[value]", "Enter a whole number of points, like 500."),
        ({"limits[budget]": "50"}, "limits[budget]",
         "budget (50) is smaller than one award (100)."),
        ({"name": ""}, "name", "Fill this in, in at most 100 characters."),
    ]
    for change, field, expected in [*cases, ({"sample[promoter]": "pro_nobody"},
                                             "sample[promoter]", "No such promoter")]:
        # The sample only matters to the preview; a save ignores it.
        for step in ("preview", "save") if "sample[promoter]" not in change else ("preview",):
            response = owner_client.post("/dashboard/program/rules",
                                         data={**base, **change, "step": step})
            page = text(response)
            assert response.status_code == 400, (change, step)
            field_id = "f-" + field.replace("[", "-").replace("]", "")
            assert f'id="{field_id}-error">{expected}' in page, (change, step, page)
            assert 'aria-invalid="true"' in page
    assert client.get("/v1/rules", headers=merchant.headers()).get_json()["data"] == []


def test_saving_a_stale_preview_is_refused(client, merchant, owner_client):
    rule = create_rule(client, merchant)
    token = csrf_of(owner_client.get(f"/dashboard/program/rules/{rule['id']}/edit"))
    client.patch(f"/v1/rules/{rule['id']}", json={"name": "Renamed"}, headers=merchant.headers())
    stale = owner_client.post(f"/dashboard/program/rules/{rule['id']}", data={
        **EDIT, "base_version": "1", "step": "save", "csrf_token": token})
    assert stale.status_code == 400
    assert "it is now version 2" in text(stale)
    assert client.get(f"/v1/rules/{rule['id']}",
                      headers=merchant.headers()).get_json()["version"] == 2


def test_another_merchants_rule_cannot_be_edited(client, merchant, make_merchant, owner_client):
    theirs = create_rule(client, make_merchant("Other Shop"))
    assert owner_client.get(f"/dashboard/program/rules/{theirs['id']}/edit").status_code == 404
    token = csrf_of(owner_client.get("/dashboard/program"))
    assert owner_client.post(f"/dashboard/program/rules/{theirs['id']}", data={
        **EDIT, "base_version": "1", "step": "save", "csrf_token": token}).status_code == 404


def test_subscription_invoices_condition_round_trips(client, merchant, owner_client):
    rule = create_rule(client, merchant, name="Subscriptions", trigger="order.paid",
                       reward={"type": "fixed_points", "value": 10})
    token = csrf_of(owner_client.get(f"/dashboard/program/rules/{rule['id']}/edit"))
    fields = {"name": "Subscriptions", "beneficiary": "referrer", "active": "true",
              "reward[type]": "fixed_points", "reward[value]": "10", "base_version": "1",
              "conditions[recurring][mode]": "months", "conditions[recurring][months]": "6",
              "sample[order_amount]": "10.00", "csrf_token": token}
    refused = owner_client.post(f"/dashboard/program/rules/{rule['id']}", data={
        **fields, "conditions[recurring][mode]": "first_invoice"})
    assert refused.status_code == 400
    assert 'id="f-conditions-recurring-months-error">recurring.months goes with' in text(refused)
    owner_client.post(f"/dashboard/program/rules/{rule['id']}", data={**fields, "step": "save"})
    api = client.get(f"/v1/rules/{rule['id']}", headers=merchant.headers()).get_json()
    assert (api["version"], api["conditions"]["recurring"]) == (2, {"mode": "months", "months": 6})
    form = text(owner_client.get(f"/dashboard/program/rules/{rule['id']}/edit"))
    assert '<option value="months" selected>' in form and 'value="6"' in form


def test_a_share_rule_pays_once_per_channel_unless_the_window_is_longer(client, merchant,
                                                                       owner_client):
    page = owner_client.get("/dashboard/program/rules/new?trigger=share.created")
    assert 'name="limits[per_channel_days]"' in text(page)
    assert 'name="limits[per_channel_days]"' not in text(
        owner_client.get("/dashboard/program/rules/new?trigger=order.paid"))
    token = csrf_of(page)
    fields = {"trigger": "share.created", "name": "Share bonus", "beneficiary": "referrer",
              "active": "true", "reward[type]": "fixed_points", "reward[value]": "5",
              "limits[per_channel_days]": "", "step": "save", "csrf_token": token}
    owner_client.post("/dashboard/program/rules", data=fields)
    owner_client.post("/dashboard/program/rules", data={**fields, "name": "Weekly",
                                                        "limits[per_channel_days]": "7"})
    rules = client.get("/v1/rules", headers=merchant.headers()).get_json()["data"]
    assert {r["name"]: r["limits"]["per_channel_days"] for r in rules} == {
        "Share bonus": 1, "Weekly": 7}


def test_a_currency_that_does_not_exist_is_refused_on_its_field(client, merchant, owner_client):
    token = csrf_of(owner_client.get("/dashboard/program/rules/new?trigger=order.paid"))
    response = owner_client.post("/dashboard/program/rules", data={
        "trigger": "order.paid", "name": "Typo", "beneficiary": "referrer", "active": "true",
        "reward[type]": "points_per_currency_unit", "reward[value]": "1",
        "conditions[currency]": "USS", "step": "save", "csrf_token": token})
    assert response.status_code == 400
    assert ('id="f-conditions-currency-error">\'USS\' is not an ISO 4217 currency code'
            in text(response))
    assert client.get("/v1/rules", headers=merchant.headers()).get_json()["data"] == []
