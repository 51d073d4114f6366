"""Every failure leaves as the documented error object, and a failed request changes nothing."""

import pytest

from api import create_app
from core.db import db
from core.merchants.models import Merchant
from tests.support.errors import error_of


def hold_days_of(app, merchant_id: str) -> int:
    with app.app_context():
        return db.session.get(Merchant, merchant_id).hold_days


def test_unknown_route_is_a_404_error_object(client, merchant):
    response = client.get("/v1/nothing-here", headers=merchant.headers())
    assert response.status_code == 404
    assert error_of(response)["code"] == "route_not_found"


def test_wrong_method_is_a_405_error_object_with_allow(client, merchant):
    response = client.delete("/v1/merchant", headers=merchant.headers())
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert "PATCH" in response.headers["Allow"]


def test_malformed_json_is_refused_and_changes_nothing(app, client, merchant):
    response = client.patch(
        "/v1/merchant",
        data='{"hold_days": 3',
        headers=merchant.headers(**{"Content-Type": "application/json"}),
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_json"
    assert hold_days_of(app, merchant.id) == 14


def test_a_body_that_is_not_an_object_is_refused(client, merchant):
    response = client.patch("/v1/merchant", json=[1, 2], headers=merchant.headers())
    assert response.status_code == 400
    assert error_of(response)["code"] == "parameter_invalid"


def test_non_json_content_type_is_refused(app, client, merchant):
    response = client.patch(
        "/v1/merchant", data={"hold_days": "3"}, headers=merchant.headers()
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_content_type"
    assert hold_days_of(app, merchant.id) == 14


@pytest.mark.parametrize(
    ("payload", "code", "param"),
    [
        ({"hold_days": "three"}, "parameter_invalid", "hold_days"),
        ({"hold_days": 1.5}, "parameter_invalid", "hold_days"),
        ({"hold_days": True}, "parameter_invalid", "hold_days"),
        ({"hold_days": -1}, "parameter_invalid", "hold_days"),
        ({"attribution_window_days": 0}, "parameter_invalid", "attribution_window_days"),
        ({"currency": "dollars"}, "parameter_invalid", "currency"),
        ({"allowed_domains": ["shop.acme.example", 7]}, "parameter_invalid", "allowed_domains[1]"),
        ({"favourite_colour": "red"}, "parameter_unknown", "favourite_colour"),
        ({"id": "mer_123"}, "parameter_invalid", "id"),
        ({"created_at": "2020-01-01T00:00:00Z"}, "parameter_invalid", "created_at"),
    ],
)
def test_bad_fields_name_the_param_and_change_nothing(app, client, merchant, payload, code, param):
    response = client.patch("/v1/merchant", json=payload, headers=merchant.headers())
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == (code, param)
    assert error["type"] == "invalid_request_error"
    assert client.get("/v1/merchant", headers=merchant.headers()).get_json()["hold_days"] == 14


def test_oversized_body_is_a_413_error_object(app, client, merchant):
    padding = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.patch(
        "/v1/merchant", json={"name": padding}, headers=merchant.headers()
    )
    assert response.status_code == 413
    assert error_of(response)["code"] == "request_too_large"


def test_an_unexpected_failure_is_a_500_error_object_and_rolls_back(test_database_url, _app):
    """A crash half-way through a request leaves no half-written change behind."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": test_database_url})

    @app.post("/v1/crash-after-write")
    def crash_after_write():
        merchant = db.session.query(Merchant).first()
        merchant.hold_days = 99
        db.session.flush()
        raise RuntimeError("boom")

    with app.app_context():
        from core.clock import SystemClock
        from core.merchants import service

        merchant = service.create_merchant(
            db.session, name="Crashy", shop_url="https://crashy.example/",
            allowed_domains=["crashy.example"], now=SystemClock().now(),
        )
        db.session.commit()
        merchant_id = merchant.id
    try:
        response = app.test_client().post("/v1/crash-after-write")
        assert response.status_code == 500
        error = error_of(response)
        assert (error["type"], error["code"]) == ("api_error", "internal_error")
        assert "boom" not in error["message"]  # internals never leak to the caller
        with app.app_context():
            assert db.session.get(Merchant, merchant_id).hold_days == 14
    finally:
        with app.app_context():
            db.session.execute(db.delete(Merchant).where(Merchant.id == merchant_id))
            db.session.commit()
            db.engine.dispose()
