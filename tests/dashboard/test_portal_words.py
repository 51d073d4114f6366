"""The portal speaks to a shopper: history as sentences, how to use each reward, in English or
German, never in ledger accounts."""

from tests.support.portal import form_key_of, path_of, portal_link
from tests.support.referrals import enroll, sign_up
from tests.support.rewards import create_rule


def _ana_with_points(app, client, clock, merchant):
    create_rule(client, merchant)  # 100 points per approved referral
    ana = enroll(client, merchant, external_id="cus_ana", email="ana@example.com")
    sign_up(client, merchant, code=ana["code"], referee_external_id="f1",
            referee_email="ben.berg@example.com")
    clock.advance(days=30)
    assert app.test_cli_runner().invoke(args=["mature"]).exit_code == 0
    return path_of(portal_link(client, merchant, ana["id"]).get_json()["url"])


def test_history_says_what_happened_and_how_to_use_the_store_credit(app, client, clock,
                                                                     merchant):
    url = _ana_with_points(app, client, clock, merchant)
    client.post(url + "/redeem", data={"points": "60", "form_key": form_key_of(client, url)})
    html = client.get(url).get_data(as_text=True)
    assert "You earned 100 points: your friend B. B. joined." in html
    assert "You used 60 points for $0.60 store credit." in html
    assert "takes it off your next order" in html  # how to use it
    # No ledger accounts, no postings that only move points between them.
    for ledger_word in ("held", "available after", "Hold period over", "+60", "-60"):
        assert ledger_word not in html.split('id="history"')[1], ledger_word
    assert "ben.berg" not in html


def test_a_german_browser_reads_the_portal_in_german(app, client, clock, merchant):
    url = _ana_with_points(app, client, clock, merchant)
    html = client.get(url, headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
                      ).get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "Ihre Prämien bei" in html and "Sie haben 100 Punkte erhalten" in html
    english = client.get(url + "?lang=en", headers={"Accept-Language": "de"})
    assert "You earned 100 points" in english.get_data(as_text=True)
    # Redeeming keeps the promoter's language.
    redeemed = client.post(url + "/redeem", data={"points": "10", "lang": "de",
                                                  "form_key": form_key_of(client, url)})
    assert redeemed.headers["Location"].endswith("?lang=de")


def test_a_german_promoter_is_told_in_german_what_redeeming_did_and_when_a_link_expired(
        app, client, clock, merchant):
    url = _ana_with_points(app, client, clock, merchant)
    redeemed = client.post(url + "/redeem", data={"points": "10", "lang": "de",
                                                  "form_key": form_key_of(client, url)},
                           follow_redirects=True)
    assert "10 Punkte gegen Guthaben eingelöst." in redeemed.get_data(as_text=True)
    clock.advance(hours=2)
    expired = client.get(url, headers={"Accept-Language": "de"})
    assert expired.status_code == 410
    assert "Dieser Link ist abgelaufen" in expired.get_data(as_text=True)
