"""Signed referral links: which promoter of which merchant a click came from; the channels."""
