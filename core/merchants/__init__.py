"""Merchants (the tenants) and the API keys they call Goodword with."""
