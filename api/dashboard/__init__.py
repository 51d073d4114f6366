"""The merchant dashboard: HTML pages for people, signed in with email and password."""

from api.dashboard import (  # noqa: F401 -- routes register on blp
    account,
    catalog,
    developers,
    exports,
    held_orders,
    journey,
    loyalty,
    program,
    promoters,
    rule_editor,
    settings,
    tier_editor,
    two_factor,
    webhooks,
)
from api.dashboard.blueprint import blp

__all__ = ["blp"]
