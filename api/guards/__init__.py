"""What every request passes: rate limits, the refusal of NUL characters, security headers."""
