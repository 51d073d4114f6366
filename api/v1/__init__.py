"""The JSON API under /v1, one module per resource, named like the domains (secret keys)."""
