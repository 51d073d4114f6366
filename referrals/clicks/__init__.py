"""Clicks on referral links: recorded, group-committed, landed; invalid ones reported hourly."""
