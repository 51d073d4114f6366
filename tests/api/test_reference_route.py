"""The benchmarks' reference routes exist only when a benchmark asks for them."""

from sqlalchemy import func, select

from api import create_app
from core.db import db
from referrals.clicks.models import Click
from referrals.links import service as links
from rewards.orders.models import Order

ORDER = {"external_id": "o-1", "customer_external_id": "cus_ben", "amount": 2599,
         "currency": "usd"}


def test_the_reference_route_is_absent_by_default(app, client, clock, merchant):
    token = links.sign_link(secret_keys=app.config["GOODWORD_SECRET_KEYS"],
                            merchant_id=merchant.id, promoter_id="pro_" + "0" * 26,
                            now=clock.now())
    assert client.get(f"/bench/reference/{token}").status_code == 404
    assert client.post("/bench/reference/orders", json=ORDER,
                       headers=merchant.headers()).status_code == 404


def test_the_reference_route_verifies_redirects_and_records_nothing(
    app, clock, merchant, test_database_url
):
    bench_app = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": test_database_url,
        "PUBLIC_URL": "http://goodword.test", "BENCH_REFERENCE_ROUTE": True,
    })
    secret_keys = bench_app.config["GOODWORD_SECRET_KEYS"]
    token = links.sign_link(secret_keys=secret_keys, merchant_id=merchant.id,
                            promoter_id="pro_" + "0" * 26, now=clock.now())
    client = bench_app.test_client()

    good = client.get(f"/bench/reference/{token}")
    bad = client.get(f"/bench/reference/{token[:-3]}abc")

    assert good.status_code == bad.status_code == 302
    assert good.headers["Location"] == "http://goodword.test/"
    assert (good.headers["X-Link-Problem"], bad.headers["X-Link-Problem"]) == ("none", "tampered")
    with bench_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Click)) == 0
        db.session.remove()
        db.engine.dispose()


def test_the_order_reference_route_answers_as_v1_orders_and_records_nothing(
    app, merchant, test_database_url
):
    bench_app = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": test_database_url,
        "PUBLIC_URL": "http://goodword.test", "BENCH_REFERENCE_ROUTE": True,
    })
    client = bench_app.test_client()

    answered = client.post("/bench/reference/orders", json=ORDER, headers=merchant.headers())
    unknown_field = client.post("/bench/reference/orders", json=ORDER | {"coupon": "X"},
                                headers=merchant.headers())
    no_key = client.post("/bench/reference/orders", json=ORDER)

    assert answered.status_code == 201, answered.get_json()
    body = answered.get_json()
    assert (body["object"], body["external_id"], body["amount"], body["currency"]) == (
        "order", "o-1", 2599, "USD")
    assert body["id"].startswith("ord_")
    assert (unknown_field.status_code, no_key.status_code) == (400, 401)
    with bench_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Order)) == 0
        db.session.remove()
        db.engine.dispose()
