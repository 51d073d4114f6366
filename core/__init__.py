"""Shared pieces every domain package stands on: database, ids, clock, errors."""
