"""Promoters: enrolling, finding, blocking; their codes, portal links and standing (facts)."""
