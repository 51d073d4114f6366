"""Events (a transactional outbox) and the webhooks that carry them to merchants."""

from core.events.service import EVENT_TYPES, emit, emit_many

__all__ = ["EVENT_TYPES", "emit", "emit_many"]
