"""Settings: the widget's look (previewed through the widget service, saved like PATCH
/v1/widget_settings) and the program settings (owners only, saved like PATCH /v1/merchant)."""

import html
import json
import re

from tests.support.dashboard import PROGRAM, csrf_of, log_in, make_user

WIDGET = {"title": "Share the love", "accent_color": "#2f5bea", "background_color": "#ffffff",
          "text_color": "#1d2433", "ask_nps": "true"}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def widget_settings(client, merchant) -> dict:
    return client.get("/v1/widget_settings", headers=merchant.headers()).get_json()


def _staff_settings(app, client, merchant) -> tuple[str, str]:
    """A staff member logged in on `client`: the settings page they see and its CSRF token."""
    make_user(app, merchant.id, "staff@acme.example", "staff")
    log_in(client, "staff@acme.example")
    page = client.get("/dashboard/settings")
    return text(page), csrf_of(page)


def test_the_page_embeds_the_real_widget_in_preview_mode(client, merchant, owner_client):
    page = owner_client.get("/dashboard/settings").get_data(as_text=True)
    tag = re.search(r"<script src=\"/widget/v1/goodword.js\" data-preview='([^']+)'", page)
    preview = json.loads(html.unescape(tag.group(1)))
    api = widget_settings(client, merchant)
    assert preview["settings"] == api and preview["link"].endswith("/r/YOURCODE")
    assert 'src="/static/dashboard/settings.js"' in page and "<script>" not in page


def test_the_preview_checks_like_saving_and_saves_nothing(client, merchant, owner_client):
    before = widget_settings(client, merchant)
    shown = owner_client.get("/dashboard/settings/widget/preview",
                             query_string={**WIDGET, "accent_color": "#FFD500"})
    assert shown.status_code == 200
    assert shown.get_json()["settings"] == {
        **before, "title": "Share the love", "accent_color": "#ffd500",
        "accent_text_color": "#000000", "ask_nps": True}
    unreadable = owner_client.get("/dashboard/settings/widget/preview",
                                  query_string={**WIDGET, "text_color": "#eeeeee"})
    api_refusal = client.patch("/v1/widget_settings", json={"text_color": "#eeeeee"},
                               headers=merchant.headers()).get_json()["error"]
    assert unreadable.status_code == 400
    assert unreadable.get_json()["error"] == {"param": "text_color",
                                              "message": api_refusal["message"]}
    assert widget_settings(client, merchant) == before


def test_widget_settings_are_saved_or_refused_on_the_field(client, merchant, app):
    make_user(app, merchant.id, "staff@acme.example", "staff")
    log_in(client, "staff@acme.example")  # staff may restyle the widget
    token = csrf_of(client.get("/dashboard/settings"))
    refused = client.post("/dashboard/settings/widget", data={
        **WIDGET, "background_color": "#1d2433", "csrf_token": token})
    assert refused.status_code == 400
    assert 'id="f-text_color-error">text_color on background_color has a contrast' in text(
        refused)
    assert widget_settings(client, merchant)["title"] is None
    saved = client.post("/dashboard/settings/widget", data={**WIDGET, "csrf_token": token},
                        follow_redirects=True)
    assert "Widget settings saved" in text(saved)
    assert widget_settings(client, merchant)["title"] == "Share the love"


def test_an_owner_changes_the_program_settings(client, merchant, owner_client):
    token = csrf_of(owner_client.get("/dashboard/settings"))
    saved = owner_client.post("/dashboard/settings/program", data={**PROGRAM,
                                                                   "csrf_token": token},
                              follow_redirects=True)
    assert "Program settings saved." in text(saved)
    api = client.get("/v1/merchant", headers=merchant.headers()).get_json()
    assert (api["attribution_window_days"], api["hold_days"], api["points_expiry_days"],
            api["point_value"], api["allowed_domains"], api["shop_url"]) == (
        45, 7, None, 2, ["shop.example.com", "*.example.org"], "https://shop.example.com/")
    owner_client.post("/dashboard/settings/program", data={
        **PROGRAM, "points_expiry_days": "365", "csrf_token": token})
    assert client.get("/v1/merchant",
                      headers=merchant.headers()).get_json()["points_expiry_days"] == 365


def test_bad_program_settings_are_refused_whole(client, merchant, owner_client):
    before = client.get("/v1/merchant", headers=merchant.headers()).get_json()
    token = csrf_of(owner_client.get("/dashboard/settings"))
    for change, field, message in (
        ({"hold_days": "400"}, "hold_days", "Must be greater than or equal to 0 and less"),
        ({"hold_days": "a week"}, "hold_days", "must be a whole number."),
        ({"allowed_domains": ""}, "allowed_domains", "Length must be between 1 and 50."),
        ({"shop_url": "https://elsewhere.example.net/"}, "shop_url", "shop_url"),
    ):
        refused = owner_client.post("/dashboard/settings/program", data={
            **PROGRAM, **change, "csrf_token": token})
        assert refused.status_code == 400, change
        assert f'id="f-{field}-error">{message}' in text(refused), change
    assert client.get("/v1/merchant", headers=merchant.headers()).get_json() == before


def test_staff_see_but_cannot_change_the_program_settings(app, client, merchant):
    page, token = _staff_settings(app, client, merchant)
    assert "Only an owner can change these" in page and 'name="hold_days"' not in page
    assert client.post("/dashboard/settings/program", data={
        **PROGRAM, "csrf_token": token}).status_code == 403
    assert client.get("/v1/merchant", headers=merchant.headers()).get_json()["hold_days"] == 14


def test_an_owner_sets_and_removes_exchange_rates_staff_only_see_them(app, client, merchant,
                                                                     owner_client):
    token = csrf_of(owner_client.get("/dashboard/settings"))
    saved = owner_client.post("/dashboard/settings/exchange_rates", data={
        "currency": "eur", "rate": "1.08", "csrf_token": token}, follow_redirects=True)
    assert "1 EUR now counts as 1.08 USD." in text(saved)
    rates = client.get("/v1/exchange_rates", headers=merchant.headers()).get_json()["data"]
    assert [(r["currency"], r["rate"]) for r in rates] == [("EUR", "1.08")]
    for bad, field in (({"rate": "0"}, "rate"), ({"rate": "1.08e0"}, "rate"),
                       ({"currency": "XYZ"}, "currency"), ({"currency": "USD"}, "currency")):
        refused = owner_client.post("/dashboard/settings/exchange_rates", data={
            "currency": "GBP", "rate": "1.27", **bad, "csrf_token": token})
        assert refused.status_code == 400 and f'id="f-{field}-error"' in text(refused), bad
    assert client.get("/v1/exchange_rates", headers=merchant.headers()).get_json()["data"] == rates

    page, staff_token = _staff_settings(app, client, merchant)
    assert "1.08 USD" in page and 'name="rate"' not in page
    assert client.post("/dashboard/settings/exchange_rates", data={
        "currency": "EUR", "rate": "100", "csrf_token": staff_token}).status_code == 403

    removed = owner_client.post("/dashboard/settings/exchange_rates", data={
        "remove": "EUR", "csrf_token": token}, follow_redirects=True)
    assert "The EUR rate is removed" in text(removed)
    assert client.get("/v1/exchange_rates", headers=merchant.headers(),
                      ).get_json()["data"] == []
