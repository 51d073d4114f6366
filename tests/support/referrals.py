"""Enrolling promoters, clicking their links and signing friends up, through the API."""

from urllib.parse import parse_qs, urlsplit


def enroll(client, merchant, **fields) -> dict:
    fields.setdefault("external_id", "cus_promoter")
    fields.setdefault("email", "ana.lima@gmail.com")
    response = client.post("/v1/promoters", json=fields, headers=merchant.headers())
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def click(client, link: str, **headers) -> str:
    """Follow a referral link like a browser and return the click id the shop receives."""
    response = client.get(link, headers=headers)
    assert response.status_code == 302
    return parse_qs(urlsplit(response.headers["Location"]).query)["gw_click"][0]


def sign_up(client, merchant, **fields):
    fields.setdefault("referee_external_id", "cus_friend")
    return client.post("/v1/referrals", json=fields, headers=merchant.headers())
