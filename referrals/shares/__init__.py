"""Shares: a promoter sending their link out through a channel, and what it earns."""
