"""Pages, forms and queries outside /v1 that no database can store or no calendar holds: a
400 page, never a 500. NULs matter most on PostgreSQL, which refuses them in text; run on both."""

import pytest

from tests.support.dashboard import PASSWORD, csrf_of


def test_a_nul_in_the_login_form_is_a_400(app, owner):
    browser = app.test_client()
    token = csrf_of(browser.get("/dashboard/login"))
    response = browser.post("/dashboard/login", data={
        "email": "owner@acme.example\x00", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 400
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("path", [
    "/dashboard/promoters?q=%00", "/dashboard/promoters?q%00=x", "/dashboard/promoters/pro_%00",
    "/dashboard?to=0001-01-01", "/dashboard?from=0001-01-01", "/dashboard?to=9999-12-31",
    "/portal/%00", "/demo/shop?gw_click=%00",
])
def test_a_nul_or_a_date_out_of_range_on_a_page_is_a_400(owner_client, path):
    response = owner_client.get(path)
    assert response.status_code == 400
    if path.startswith("/dashboard"):
        assert response.mimetype == "text/html"
