"""What the tests share: factories that build merchants, promoters, orders and rules through the
API, the Stripe and webhook stand-ins, and the database reset. Test modules import from here,
never from one another (tests/unit/test_suite_layout.py checks)."""
