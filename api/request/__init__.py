"""What every request goes through: its key, its body and schemas, its context, its error
object, its Idempotency-Key, the evidence it carries, and the unit of work that commits it."""
