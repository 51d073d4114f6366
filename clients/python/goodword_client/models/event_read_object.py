from enum import StrEnum

class EventReadObject(StrEnum):
    EVENT = "event"

    def __str__(self) -> str:
        return str(self.value)
