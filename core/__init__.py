"""What every domain stands on: the database, ids, the clock, base errors, currencies, pagination,
locks, group commit and periodic jobs; and the tenant around them: merchants/ (with their API keys
and settings), users/ (who signs in to the dashboard), events/ (the outbox and its webhooks)."""
