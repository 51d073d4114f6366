"""The share widget: its script, what it calls with a publishable key, and the shop's server."""
