"""Fixtures for the chaos tests: the Stripe stand-ins, started only when a test asks."""

from tests.support.stripe import _fake_stripe, fake_stripe, localstripe_url  # noqa: F401
