"""The portal's catalog: a member sees the rewards they can afford, redeems one, and finds its
code among their redeemed rewards; an uploaded code that ran out is shown as gone."""

from tests.support.catalog import catalog_reward, member_with_points, welcome_points
from tests.support.portal import form_key_of, path_of, portal_link


def test_a_member_chooses_a_reward_in_the_portal_and_gets_its_code(client, merchant):
    welcome_points(client, merchant, 300)
    ana = member_with_points(client, merchant, "cus_ana")
    voucher = catalog_reward(client, merchant, name="Partner voucher", kind="code_pool",
                             points_cost=100)
    client.post(f"/v1/catalog_rewards/{voucher['id']}/codes", json={"codes": ["VOUCH-1"]},
                headers=merchant.headers())
    catalog_reward(client, merchant, name="Jacket", kind="free_product", product="Jacket",
                   points_cost=1000)
    portal = path_of(portal_link(client, merchant, ana["id"]).get_json()["url"])

    page = client.get(portal).get_data(as_text=True)
    assert "Partner voucher" in page and "Jacket" in page and "700 more points" in page

    redeemed = client.post(portal + "/redeem", data={
        "catalog_reward": voucher["id"], "form_key": form_key_of(client, portal)},
        follow_redirects=True)
    html = redeemed.get_data(as_text=True)
    assert "Your code VOUCH-1 is ready: use it once at checkout." in html
    assert 'id="available">200<' in html and "all gone" in html

    again = client.post(portal + "/redeem", data={
        "catalog_reward": voucher["id"], "form_key": form_key_of(client, portal)},
        follow_redirects=True)
    assert "This reward has run out; choose another." in again.get_data(as_text=True)
    assert 'id="available">200<' in again.get_data(as_text=True)


def test_a_german_member_reads_the_catalog_and_its_redemption_in_german(client, merchant):
    welcome_points(client, merchant, 300)
    ana = member_with_points(client, merchant, "cus_ana")
    voucher = catalog_reward(client, merchant, name="Partner voucher", kind="code_pool",
                             points_cost=100)
    client.post(f"/v1/catalog_rewards/{voucher['id']}/codes", json={"codes": ["VOUCH-1"]},
                headers=merchant.headers())
    catalog_reward(client, merchant, name="Jacket", kind="free_product", product="Jacket",
                   points_cost=1000)
    portal = path_of(portal_link(client, merchant, ana["id"]).get_json()["url"])
    german = {"Accept-Language": "de-DE,de;q=0.9"}

    page = client.get(portal, headers=german).get_data(as_text=True)
    assert "Prämien zur Auswahl" in page and "noch 700 Punkte" in page
    assert ">Einlösen</button>" in page
    for english in ("Rewards to choose from", "more points", ">Redeem</button>"):
        assert english not in page, english

    redeemed = client.post(portal + "/redeem", data={
        "catalog_reward": voucher["id"], "form_key": form_key_of(client, portal),
        "lang": "de"}, headers=german, follow_redirects=True)
    html = redeemed.get_data(as_text=True)
    assert "Ihr Code VOUCH-1 ist bereit: einmal an der Kasse einlösbar." in html
    assert "vergriffen" in html and "all gone" not in html
