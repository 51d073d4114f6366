"""Fixtures for the API tests that call Stripe or receive email (started only when a test asks
for them)."""

from tests.support.dns import fake_dns  # noqa: F401
from tests.support.smtp import smtp_inbox  # noqa: F401
from tests.support.stripe import (  # noqa: F401
    _fake_stripe,
    fake_stripe,
    localstripe_url,
    slow_stripe,
)
