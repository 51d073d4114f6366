"""Ledger, rules, tiers, orders and refunds, redemptions, and the Stripe gateway."""
