"""Fixtures for the API tests that call Stripe (started only when a test asks for them)."""

from .stripe_support import _fake_stripe, fake_stripe, localstripe_url  # noqa: F401
