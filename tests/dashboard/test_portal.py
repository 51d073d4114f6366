"""The promoter portal: a signed link valid for an hour, the promoter's rewards, redeeming."""

from tests.support.portal import form_key_of, path_of, portal_link
from tests.support.referrals import click, enroll, sign_up
from tests.support.rewards import create_rule


def test_a_portal_link_shows_the_promoters_rewards_and_redeems(
    app, client, clock, merchant
):
    create_rule(client, merchant)  # 100 points per approved referral
    ana = enroll(client, merchant, external_id="cus_ana", email="ana@example.com")
    sign_up(client, merchant, code=ana["code"], referee_external_id="f1",
            referee_email="bo.berg@example.com")
    clock.advance(days=30)
    assert app.test_cli_runner().invoke(args=["mature"]).exit_code == 0
    response = portal_link(client, merchant, ana["id"])
    assert response.status_code == 201
    session = response.get_json()
    assert session["object"] == "portal_session" and session["promoter"] == ana["id"]
    assert session["url"].startswith("http://goodword.test/portal/")
    page = client.get(path_of(session["url"]))
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert 'id="available">100<' in html and ana["code"] in html
    assert "B. B." in html and "bo.berg" not in html  # friends only by initials
    key = form_key_of(client, path_of(session["url"]))
    redeemed = client.post(path_of(session["url"]) + "/redeem",
                           data={"points": "60", "form_key": key}, follow_redirects=True)
    html = redeemed.get_data(as_text=True)
    assert "Redeemed 60 points for store credit." in html and 'id="available">40<' in html
    too_much = client.post(path_of(session["url"]) + "/redeem",
                           data={"points": "41", "form_key": form_key_of(client, path_of(
                               session["url"]))}, follow_redirects=True)
    assert 'id="available">40<' in too_much.get_data(as_text=True)


def test_an_expired_or_forged_link_explains_itself_and_offers_nothing(client, clock, merchant):
    ana = enroll(client, merchant)
    url = path_of(portal_link(client, merchant, ana["id"]).get_json()["url"])
    clock.advance(hours=1, seconds=1)
    expired = client.get(url)
    assert expired.status_code == 410
    html = expired.get_data(as_text=True)
    assert "This link has expired" in html and "<form" not in html and ana["code"] not in html
    assert client.post(url + "/redeem", data={"points": "1"}).status_code == 410
    forged = client.get(url[:-3] + "abc")
    assert forged.status_code == 404 and "not valid" in forged.get_data(as_text=True)


def test_another_merchants_promoter_gets_no_portal_link(client, merchant, make_merchant):
    theirs = enroll(client, make_merchant("Other Shop"))
    response = portal_link(client, merchant, theirs["id"])
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "resource_missing"


def test_the_portal_remembers_the_promoters_browser_for_the_self_referral_check(
    client, merchant
):
    ana = enroll(client, merchant)
    browser = client.application.test_client()
    path = path_of(portal_link(client, merchant, ana["id"]).get_json()["url"])
    page = browser.get(path)
    assert page.status_code == 200
    assert browser.get_cookie("gw_vid") is None  # the page is a read: it remembers nothing
    # The page's script posts this as it opens (tests/e2e/test_portal_browser.py runs it).
    assert f'{path}/browser' in page.get_data(as_text=True)
    assert browser.post(f"{path}/browser").status_code == 204
    visitor = browser.get_cookie("gw_vid")
    assert visitor is not None and visitor.http_only
    # Ana clicks her own link in that browser and signs up as her own "friend".
    click_id = click(browser, f"/r/{ana['code']}")
    assert browser.get_cookie("gw_vid").value == visitor.value  # one browser, one visitor id
    referral = sign_up(client, merchant, click_id=click_id,
                       referee_external_id="cus_ana_again").get_json()
    # Held for a person (it may be her spouse on the family computer); rejected when more
    # evidence agrees (tests/api/test_risk_signals.py).
    assert referral["status"] == "pending_review"
    assert [item["code"] for item in referral["reasons"]] == ["same_device_as_promoter"]
    # A friend's own browser, on their own network, is not flagged.
    friend = client.application.test_client()
    friend.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    referral = sign_up(client, merchant, referee_external_id="cus_friend",
                       click_id=click(friend, f"/r/{ana['code']}")).get_json()
    assert referral["status"] == "approved"


def test_only_a_valid_portal_link_marks_a_browser(client, merchant):
    ana = enroll(client, merchant)
    path = path_of(portal_link(client, merchant, ana["id"]).get_json()["url"])
    browser = client.application.test_client()
    assert browser.post(f"{path[:-3]}abc/browser").status_code == 404
    assert browser.get_cookie("gw_vid") is None
