"""Signups (referrals): attribution, the fraud checks that hold one, review and reminders."""
