"""The share widget as a shop uses it: a session minted by the shop's server, the
widget's headers, and the shares it records."""

from core.db import db
from referrals.shares import service as shares_service

SHARES = "/widget/v1/shares"
SHOP_ORIGIN = "https://shop.acme.example"


def widget_headers(key: str, session: str | None = None, **extra) -> dict:
    headers = {"Authorization": f"Bearer {key}", "Origin": SHOP_ORIGIN, **extra}
    if session is not None:
        headers["Goodword-Session"] = session
    return headers


def mint_session(client, merchant, external_id: str = "cus_ana", **fields) -> str:
    """The token the shop's server would put in the confirmation page's script tag."""
    body = {"customer": {"external_id": external_id, "email": f"{external_id}@example.com",
                         "name": "Ana"}, "order": "order_1", **fields}
    response = client.post("/v1/widget_sessions", json=body, headers=merchant.headers())
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def share_as(client, merchant, promoter: dict, channel: str, **headers):
    """What the widget on the promoter's order page sends when they share through `channel`."""
    token = mint_session(client, merchant, external_id=promoter["external_id"])
    return client.post(SHARES, json={"channel": channel},
                       headers=widget_headers(merchant.publishable, token, **headers))


def shares_of(app, merchant_id: str, **filters) -> int:
    with app.app_context():
        return shares_service.count_shares(db.session, merchant_id=merchant_id, **filters)


def widget(client, merchant, token, method: str, path: str, **body):
    call = getattr(client, method)
    kwargs = {"json": body} if method == "post" else {}
    return call(f"/widget/v1/{path}", headers=widget_headers(merchant.publishable, token),
                **kwargs)
