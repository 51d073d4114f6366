"""Stripe: webhook purchases, (partial) refunds, subscriptions, friend codes, payouts."""
