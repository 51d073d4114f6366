"""The portal, opened in Chromium, marks that browser as the promoter's own: the page asks for
it with a POST (a GET commits nothing), under the page's Content-Security-Policy. A signup
from that browser is then weighed as the promoter herself (same_device_as_promoter)."""

from urllib.parse import parse_qs, urlsplit

from tests.support.referrals import enroll, sign_up


def test_opening_the_portal_marks_the_browser_so_her_own_click_is_refused(
        client, live, browser, merchant):
    ana = enroll(client, merchant)
    portal = client.post(f"/v1/promoters/{ana['id']}/portal_sessions", json={},
                         headers=merchant.headers()).get_json()["url"]
    context = browser.new_context()
    try:
        page = context.new_page()
        with page.expect_response(lambda response: response.url.endswith("/browser")) as posted:
            page.goto(live + urlsplit(portal).path)
        assert posted.value.status == 204
        # Ana follows her own link in the same browser (its cookies go along).
        clicked = context.request.get(f"{live}/r/{ana['code']}", max_redirects=0)
        click_id = parse_qs(urlsplit(clicked.headers["location"]).query)["gw_click"][0]
    finally:
        context.close()
    referral = sign_up(client, merchant, click_id=click_id,
                       referee_external_id="cus_ana_again").get_json()
    assert referral["status"] != "approved"
    assert "same_device_as_promoter" in [reason["code"] for reason in referral["reasons"]]
