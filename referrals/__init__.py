"""Promoters, signed links, clicks, shares, referrals, attribution and fraud checks."""
