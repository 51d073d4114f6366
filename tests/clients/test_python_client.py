"""The generated Python SDK (clients/python) runs the referral flow against a real server: what a
shop's developer does with it on day one, through nothing but the generated code."""

import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python"))

from goodword_client import AuthenticatedClient  # noqa: E402
from goodword_client.api.fraud_settings import patch_fraud_settings  # noqa: E402
from goodword_client.api.links import get_referral_link  # noqa: E402
from goodword_client.api.merchant import patch_merchant  # noqa: E402
from goodword_client.api.orders import get_orders_order, post_orders, post_orders_order_refunds  # noqa: E402,E501
from goodword_client.api.promoters import post_promoters  # noqa: E402
from goodword_client.api.redemptions import post_redemptions  # noqa: E402
from goodword_client.api.referrals import post_referrals  # noqa: E402
from goodword_client.api.rules import post_rules  # noqa: E402
from goodword_client.api.ledger import get_promoters_promoter_balance  # noqa: E402
from goodword_client.api.webhook_endpoints import post_webhook_endpoints  # noqa: E402
from goodword_client.models import (  # noqa: E402
    ErrorResponse,
    FraudSettingsUpdate,
    MerchantUpdate,
    OrderCreate,
    PromoterCreate,
    RedemptionCreate,
    ReferralCreate,
    RefundCreate,
    RuleCreate,
    WebhookEndpointCreate,
)
from tests.support.live_server import serving  # noqa: E402


def test_the_python_sdk_runs_the_referral_flow(app, merchant):
    with serving(app) as url:
        client = AuthenticatedClient(base_url=url, token=merchant.secret,
                                     follow_redirects=False, raise_on_unexpected_status=True)
        with client as sdk:
            run_flow(sdk, mature=lambda: app.test_cli_runner().invoke(args=["mature"]))


def run_flow(sdk: AuthenticatedClient, mature) -> None:
    # Shared loopback and user agent would look like a farm to the risk score: not this test.
    settings = patch_fraud_settings.sync(client=sdk, body=FraudSettingsUpdate.from_dict(
        {"review_score": 1000, "reject_score": 1000}))
    assert not isinstance(settings, ErrorResponse), settings
    merchant = patch_merchant.sync(client=sdk, body=MerchantUpdate(hold_days=0))
    assert merchant.hold_days == 0, merchant
    rule = post_rules.sync(client=sdk, body=RuleCreate.from_dict({
        "name": "Give 500", "trigger": "order.paid", "beneficiary": "referrer",
        "reward": {"type": "fixed_points", "value": 500}}))
    assert rule.id.startswith("rul_") and rule.active is True

    ana = post_promoters.sync(client=sdk, idempotency_key="enrol-cus_ana", body=PromoterCreate(
        external_id="cus_ana", email="ana@example.com"))
    again = post_promoters.sync_detailed(client=sdk, idempotency_key="enrol-cus_ana",
                                         body=PromoterCreate(external_id="cus_ana",
                                                             email="ana@example.com"))
    assert again.headers["Idempotent-Replayed"] == "true" and again.parsed.id == ana.id

    click = get_referral_link.sync_detailed(ana.code, client=sdk)
    assert click.status_code == 302
    click_id = parse_qs(urlsplit(click.headers["Location"]).query)["gw_click"][0]

    referral = post_referrals.sync(client=sdk, body=ReferralCreate(
        referee_external_id="cus_ben", referee_email="ben@example.net", click_id=click_id))
    assert referral.promoter == ana.id, referral

    order = post_orders.sync(client=sdk, body=OrderCreate(
        external_id="1001", customer_external_id="cus_ben", amount=4999, currency="USD"))
    assert order.promoter == ana.id, order
    refund = post_orders_order_refunds.sync(order.id, client=sdk,
                                            body=RefundCreate(amount=999, external_id="re_1"))
    assert refund.amount == 999, refund
    detail = get_orders_order.sync(order.id, client=sdk)
    assert [r.id for r in detail.refunds] == [refund.id]

    assert mature().exit_code == 0  # what the worker does: held rewards become available
    balance = get_promoters_promoter_balance.sync(ana.id, client=sdk)
    points = next(b for b in balance.balances if b.unit == "points")
    # 500 earned, then a fifth of the order refunded: a fifth of the reward clawed back.
    assert (points.available, points.lifetime_earned) == (401, 500), balance
    redemption = post_redemptions.sync(client=sdk, body=RedemptionCreate(
        promoter=ana.id, points=300))
    assert redemption.points == 300, redemption

    endpoint = post_webhook_endpoints.sync(client=sdk, body=WebhookEndpointCreate.from_dict({
        "url": "http://127.0.0.1:9/hooks", "enabled_events": ["reward.earned"]}))
    assert endpoint.secret.startswith("whsec_"), endpoint

    missing = post_orders.sync(client=sdk, body=OrderCreate(
        external_id="1002", customer_external_id="cus_ben", amount=-1, currency="USD"))
    assert isinstance(missing, ErrorResponse) and missing.error.param == "amount"
